#!/usr/bin/env python3
"""Build an ONNX graph for all-MiniLM-L6-v2 (BERT, 6 layers, 384 hidden, 12 heads)
directly from model.safetensors, without torch.

Needs only: numpy, onnx (pip install onnx numpy).
Usage: python scripts/local-model/build-onnx.py MODEL_DIR OUT.onnx

Inputs : input_ids, attention_mask, token_type_ids  (int64 [batch, seq])
Outputs: last_hidden_state (float32 [batch, seq, 384])   -- same contract as HF/Xenova exports
         sentence_embedding (float32 [batch, 384])       -- mean pooling over mask + L2 normalise
"""
import json
import struct
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

DT = {"F32": np.float32, "I64": np.int64, "F16": np.float16}


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        out[k] = np.frombuffer(data[a:b], dtype=DT[v["dtype"]]).reshape(v["shape"]).copy()
    return out


def build(model_dir, out_path):
    cfg = json.load(open(f"{model_dir}/config.json"))
    H = cfg["hidden_size"]
    NH = cfg["num_attention_heads"]
    HD = H // NH
    NL = cfg["num_hidden_layers"]
    eps = cfg["layer_norm_eps"]
    assert cfg["hidden_act"] == "gelu" and cfg.get("position_embedding_type", "absolute") == "absolute"
    w = load_safetensors(f"{model_dir}/model.safetensors")
    w = {k[5:] if k.startswith("bert.") else k: v for k, v in w.items()}

    inits, nodes = [], []

    def init(name, arr):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(op, ins, outs=None, name=None, **kw):
        name = name or f"n{len(nodes)}"
        outs = outs or [name + "_out"]
        nodes.append(helper.make_node(op, ins, outs, name=name, **kw))
        return outs[0]

    def const(name, arr):
        return init(name, np.asarray(arr))

    def linear(x, prefix):
        wt = init(prefix + ".weight_T", w[prefix + ".weight"].T)  # [in, out]
        b = init(prefix + ".bias", w[prefix + ".bias"])
        return node("Add", [node("MatMul", [x, wt]), b])

    def layernorm(x, prefix):
        g = init(prefix + ".weight", w[prefix + ".weight"])
        b = init(prefix + ".bias", w[prefix + ".bias"])
        return node("LayerNormalization", [x, g, b], axis=-1, epsilon=eps)

    # ---- embeddings
    we = init("word_embeddings", w["embeddings.word_embeddings.weight"])
    pe = init("position_embeddings", w["embeddings.position_embeddings.weight"])
    te = init("token_type_embeddings", w["embeddings.token_type_embeddings.weight"])
    seq_len = node("Shape", ["input_ids"], start=1, end=2)  # 1-D [L]
    zero = const("zero_1d", np.array([0], np.int64))
    pos_emb = node("Slice", [pe, zero, seq_len, zero])  # position_embeddings[:L]
    x = node("Add", [node("Gather", [we, "input_ids"]), node("Gather", [te, "token_type_ids"])])
    x = node("Add", [x, pos_emb])
    x = layernorm(x, "embeddings.LayerNorm")

    # ---- additive attention mask [B,1,1,L]
    maskf = node("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    inv = node("Sub", [const("one_f", np.array(1.0, np.float32)), maskf])
    bias = node("Mul", [inv, const("neg_big", np.array(np.finfo(np.float32).min, np.float32))])
    bias = node("Unsqueeze", [bias, const("axes_12", np.array([1, 2], np.int64))])

    split_shape = const("split_shape", np.array([0, 0, NH, HD], np.int64))
    merge_shape = const("merge_shape", np.array([0, 0, H], np.int64))
    scale = const("scale", np.array(1.0 / np.sqrt(HD), np.float32))
    sqrt2 = const("sqrt2", np.array(np.sqrt(2.0), np.float32))
    half = const("half", np.array(0.5, np.float32))
    one_f = "one_f"

    for i in range(NL):
        p = f"encoder.layer.{i}."

        def heads(t, perm):
            return node("Transpose", [node("Reshape", [t, split_shape])], perm=perm)

        q = heads(linear(x, p + "attention.self.query"), [0, 2, 1, 3])  # B,NH,L,HD
        k = heads(linear(x, p + "attention.self.key"), [0, 2, 3, 1])  # B,NH,HD,L
        v = heads(linear(x, p + "attention.self.value"), [0, 2, 1, 3])
        s = node("Add", [node("Mul", [node("MatMul", [q, k]), scale]), bias])
        a = node("Softmax", [s], axis=-1)
        ctx = node("MatMul", [a, v])
        ctx = node("Reshape", [node("Transpose", [ctx], perm=[0, 2, 1, 3]), merge_shape])
        h = linear(ctx, p + "attention.output.dense")
        x = layernorm(node("Add", [h, x]), p + "attention.output.LayerNorm")
        u = linear(x, p + "intermediate.dense")
        # exact (erf) GELU: 0.5*u*(1+erf(u/sqrt2))
        g = node("Mul", [node("Mul", [u, half]), node("Add", [node("Erf", [node("Div", [u, sqrt2])]), one_f])])
        o = linear(g, p + "output.dense")
        x = layernorm(node("Add", [o, x]), p + "output.LayerNorm")

    nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"], name="out_hidden"))

    # ---- mean pooling + L2 normalisation
    m3 = node("Unsqueeze", [maskf, const("axes_2", np.array([2], np.int64))])  # B,L,1
    axis1 = const("axes_1", np.array([1], np.int64))
    summed = node("ReduceSum", [node("Mul", ["last_hidden_state", m3]), axis1], keepdims=0)  # B,H
    cnt = node("Max", [node("ReduceSum", [m3, axis1], keepdims=0), const("min_cnt", np.array(1e-9, np.float32))])
    mean = node("Div", [summed, cnt])
    norm = node("Sqrt", [node("ReduceSum", [node("Mul", [mean, mean]), axis1], keepdims=1)])
    norm = node("Max", [norm, const("min_norm", np.array(1e-12, np.float32))])
    nodes.append(helper.make_node("Div", [mean, norm], ["sentence_embedding"], name="out_emb"))

    ii = lambda n: helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "sequence"])
    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [ii("input_ids"), ii("attention_mask"), ii("token_type_ids")],
        [
            helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "sequence", H]),
            helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", H]),
        ],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="build_onnx.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, out_path)
    print(f"wrote {out_path}: {len(nodes)} nodes, {len(inits)} initializers")


if __name__ == "__main__":
    build(sys.argv[1], sys.argv[2])

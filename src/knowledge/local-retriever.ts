import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { RetrievedChunk, Retriever } from '../ai/ai.ports';
import { LocalEmbedder } from '../ai/local/embeddings/local-embedder';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { KnowledgeCategory } from '../domain/department';
import { buildChunkIndex, searchChunks, type ChunkIndex } from './chunk-index';
import { buildHybridIndex, embedChunks, searchHybrid, type HybridIndex } from './hybrid-search';
import { KnowledgeRepository } from './knowledge.repository';
import type { IndexableChunk } from './knowledge.types';

/**
 * Retrieval in process, with no network and no key: hybrid (BM25+ fused with the local sentence
 * model's vectors, hybrid-search.ts), or lexical alone when the model is off or missing. Both
 * indexes live in memory and are rebuilt from MongoDB whenever the shared revision counter moved,
 * so every instance answers from the same knowledge base: one small read per search, a rebuild
 * only after a change. Vectors are stored with their chunks, so a rebuild embeds only the chunks
 * that have none yet (a new or edited document), once for all instances.
 */
@Injectable()
export class LocalRetriever implements Retriever {
  private index: { lexical: ChunkIndex; hybrid: HybridIndex | null } | null = null;
  private builtFrom = -1;
  private rebuilding: Promise<void> | null = null;
  private readonly logger: Logger;

  constructor(
    private readonly knowledge: KnowledgeRepository,
    private readonly embedder: LocalEmbedder,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'knowledge' });
  }

  async search(
    query: string,
    options: { categories?: KnowledgeCategory[]; limit?: number } = {},
  ): Promise<RetrievedChunk[]> {
    await this.ensureFresh();
    const { lexical, hybrid } = this.index!;
    const queryVector = hybrid ? await this.queryVector(query) : null;
    return hybrid && queryVector
      ? searchHybrid(hybrid, query, queryVector, options)
      : searchChunks(lexical, query, options);
  }

  /** A model failure costs the question its paraphrase matching, never its answer. */
  private async queryVector(query: string): Promise<Float32Array | null> {
    try {
      return await this.embedder.embedQuery(query);
    } catch (error) {
      this.logger.warn({ err: error }, 'query_embedding_failed');
      return null;
    }
  }

  private async ensureFresh(): Promise<void> {
    const revision = await this.knowledge.revision();
    if (this.index && revision === this.builtFrom) return;
    // One rebuild at a time; concurrent searches wait for it.
    this.rebuilding ??= this.rebuild(revision).finally(() => (this.rebuilding = null));
    await this.rebuilding;
  }

  private async rebuild(revision: number): Promise<void> {
    const chunks = await this.knowledge.allChunks();
    const lexical = buildChunkIndex(chunks);
    this.index = { lexical, hybrid: await this.hybridIndex(lexical, chunks) };
    this.builtFrom = revision;
  }

  /** Null without a model; a failing model leaves lexical retrieval working, and says so. */
  private async hybridIndex(lexical: ChunkIndex, chunks: IndexableChunk[]): Promise<HybridIndex | null> {
    const embedder = await this.embedder.embedder();
    if (!embedder) return null;
    try {
      const stored = chunks.flatMap(({ embedding, ...chunk }) =>
        embedding?.model === embedder.model ? [{ chunk, vector: embedding.vector }] : [],
      );
      const missing = chunks.filter((chunk) => chunk.embedding?.model !== embedder.model);
      const made = await embedChunks(
        embedder,
        missing.map(({ embedding: _, ...chunk }) => chunk),
      );
      await this.knowledge.saveEmbeddings(embedder.model, made);
      if (made.length > 0) this.logger.info({ data: { chunks: made.length } }, 'chunks_embedded');
      return buildHybridIndex(lexical, [...stored, ...made]);
    } catch (error) {
      this.logger.warn({ err: error }, 'hybrid_index_failed');
      return null;
    }
  }
}

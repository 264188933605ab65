import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { RetrievedChunk, Retriever } from '../ai/ai.ports';
import { LocalEmbedder } from '../ai/local/embeddings/local-embedder';
import type { Embedder } from '../ai/local/embeddings/sentence-embedder';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { KnowledgeCategory } from '../domain/department';
import { buildChunkIndex, searchChunks, type ChunkIndex } from './chunk-index';
import { buildHybridIndex, embedChunks, searchHybrid, type HybridIndex } from './hybrid-search';
import { KnowledgeRepository } from './knowledge.repository';
import type { IndexableChunk } from './knowledge.types';

/**
 * Chunks a search may wait to have embedded: a full 800-character chunk takes about 75 ms on this
 * project's 2-core machine (bench/README.md), so a new or edited document of up to 16 chunks is
 * answered by meaning at once (about a second at worst); more (a bulk import, a new model) are
 * embedded in the background while answers are lexical.
 */
const INLINE_EMBEDDING_LIMIT = 16;
/** Chunks embedded and stored per step of a backfill. */
const EMBEDDING_BATCH = 256;

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
  private backfill: Promise<void> | null = null;
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
    const embedder = await this.embedder.embedder();
    const missing = embedder ? chunks.filter((chunk) => chunk.embedding?.model !== embedder.model).length : 0;
    if (!embedder || missing <= INLINE_EMBEDDING_LIMIT) {
      this.index = { lexical, hybrid: embedder && (await this.hybridIndex(embedder, lexical, chunks)) };
    } else {
      // A bulk import or a new model: answer lexically now, hybrid once the vectors are made.
      this.index = { lexical, hybrid: null };
      this.backfill ??= this.hybridIndex(embedder, lexical, chunks)
        .then((hybrid) => {
          // Changed meanwhile: the next search rebuilds, finding these vectors stored.
          if (this.builtFrom === revision) this.index = { lexical, hybrid };
          else this.builtFrom = -1;
        })
        .finally(() => (this.backfill = null));
    }
    this.builtFrom = revision;
  }

  /**
   * Embeds the chunks without a vector of this model, in batches stored as they are made (an
   * interrupted backfill resumes where it stopped). Null when the model fails: retrieval stays
   * lexical, and says so.
   */
  private async hybridIndex(
    embedder: Embedder,
    lexical: ChunkIndex,
    chunks: IndexableChunk[],
  ): Promise<HybridIndex | null> {
    try {
      const embedded = chunks.flatMap(({ embedding, ...chunk }) =>
        embedding?.model === embedder.model ? [{ chunk, vector: embedding.vector }] : [],
      );
      const missing = chunks.filter((chunk) => chunk.embedding?.model !== embedder.model);
      for (let start = 0; start < missing.length; start += EMBEDDING_BATCH) {
        const made = await embedChunks(
          embedder,
          missing.slice(start, start + EMBEDDING_BATCH).map(({ embedding: _, ...chunk }) => chunk),
        );
        await this.knowledge.saveEmbeddings(embedder.model, made);
        embedded.push(...made);
      }
      if (missing.length > 0) this.logger.info({ data: { chunks: missing.length } }, 'chunks_embedded');
      return buildHybridIndex(lexical, embedded);
    } catch (error) {
      this.logger.warn({ err: error }, 'hybrid_index_failed');
      return null;
    }
  }
}

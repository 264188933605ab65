import type { Logger } from 'pino';
import type { RetrievedChunk, Retriever } from '../../ai/ai.ports';
import type { GeminiEmbedder } from '../../ai/gemini/gemini-embedder';
import { tokenize } from '../../ai/local/text-features';
import type { KnowledgeRepository } from '../knowledge.repository';
import { embeddingText } from '../hybrid-search';
import type { PendingVectorDocument } from '../knowledge.types';
import { vectorId, type PineconeVectorStore } from './pinecone-vector-store';
import type { KnowledgeCategory } from '../../domain/department';

/** The vector side of the knowledge base, or null when Pinecone is not configured. */
export const KNOWLEDGE_VECTORS = Symbol('KNOWLEDGE_VECTORS');

/** Documents synced per pass; a pass after every change and one on start keep up with edits. */
const SYNC_BATCH = 50;

/**
 * Retrieval by meaning: Gemini embeddings in Pinecone, the chunks' text read back from MongoDB.
 * MongoDB stays the record: a change marks its document pending, and the sync writes the vectors
 * and clears the mark, so a Pinecone outage delays vectors but never loses a change (the next
 * change or the next start retries). Vectors of deleted chunks that linger are dropped on read.
 */
export class KnowledgeVectors implements Retriever {
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly embedder: GeminiEmbedder,
    private readonly store: PineconeVectorStore,
    private readonly knowledge: KnowledgeRepository,
    private readonly logger: Logger,
  ) {}

  async search(
    query: string,
    options: { categories?: KnowledgeCategory[]; limit?: number } = {},
  ): Promise<RetrievedChunk[]> {
    const [queryVector] = await this.embedder.embed([query], 'query');
    const matches = await this.store.query(queryVector!, options.limit ?? 5, options.categories);
    const chunks = new Map(
      (
        await this.knowledge.findChunks(
          matches.map((match) => ({ document_id: match.document_id, index: match.chunk_index })),
        )
      ).map((chunk) => [vectorId(chunk.document_id, chunk.index), chunk]),
    );
    const queryWords = new Set(tokenize(query));
    return matches.flatMap((match) => {
      const chunk = chunks.get(vectorId(match.document_id, match.chunk_index));
      if (!chunk) return [];
      return [
        {
          document_id: chunk.document_id,
          title: chunk.title,
          heading: chunk.heading,
          text: chunk.text,
          category: chunk.category,
          score: Math.round(match.score * 1000) / 1000,
          terms: [...new Set(tokenize(embeddingText(chunk)).filter((word) => queryWords.has(word)))],
          retrieval: 'vector' as const,
        },
      ];
    });
  }

  /** Writes the vectors of every document changed since its last sync. Never throws. */
  syncPending(): Promise<void> {
    // One pass at a time per instance; a change during a pass is picked up by the next one.
    this.syncing ??= this.syncAll().finally(() => (this.syncing = null));
    return this.syncing;
  }

  /** Removes a deleted document's vectors; a failure leaves orphans that search ignores. */
  async remove(documentId: string, vectorSlots: number): Promise<void> {
    try {
      await this.store.remove(Array.from({ length: vectorSlots }, (_, index) => vectorId(documentId, index)));
    } catch (error) {
      this.logger.warn({ err: error, data: { document_id: documentId } }, 'vector_delete_failed');
    }
  }

  /**
   * Stops at the first failure: that is nearly always an outage, and waiting out one timeout per
   * document would hold the admin's request for all of them. The next pass starts over.
   */
  private async syncAll(): Promise<void> {
    let documentId: string | undefined;
    try {
      for (const document of await this.knowledge.pendingVectorDocuments(SYNC_BATCH)) {
        documentId = document.document_id;
        await this.sync(document);
      }
    } catch (error) {
      this.logger.warn({ err: error, data: { document_id: documentId } }, 'vector_sync_failed');
    }
  }

  private async sync(document: PendingVectorDocument): Promise<void> {
    const chunks = await this.knowledge.chunksOf(document.document_id);
    const vectors = await this.embedder.embed(chunks.map(embeddingText), 'document');
    await this.store.upsert(
      chunks.map((chunk, i) => ({
        document_id: chunk.document_id,
        chunk_index: chunk.index,
        category: chunk.category,
        values: vectors[i]!,
      })),
    );
    const stale = Array.from({ length: Math.max(0, document.vector_count - chunks.length) }, (_, i) =>
      vectorId(document.document_id, chunks.length + i),
    );
    await this.store.remove(stale);
    await this.knowledge.markVectorsSynced(document, chunks.length);
    this.logger.info({ data: { document_id: document.document_id, vectors: chunks.length } }, 'vectors_synced');
  }
}

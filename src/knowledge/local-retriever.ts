import { Injectable } from '@nestjs/common';
import type { RetrievedChunk, Retriever } from '../ai/ai.ports';
import { buildChunkIndex, searchChunks, type ChunkIndex } from './chunk-index';
import { KnowledgeRepository } from './knowledge.repository';
import type { KnowledgeCategory } from '../domain/department';

/**
 * Lexical retrieval (BM25+, via MiniSearch) over knowledge-base chunks, held in memory and
 * rebuilt from MongoDB whenever the shared revision counter moved, so every instance answers
 * from the same knowledge base: one small read per search, a rebuild only after a change.
 */
@Injectable()
export class LocalRetriever implements Retriever {
  private index: ChunkIndex | null = null;
  private builtFrom = -1;
  private rebuilding: Promise<void> | null = null;

  constructor(private readonly knowledge: KnowledgeRepository) {}

  async search(
    query: string,
    options: { categories?: KnowledgeCategory[]; limit?: number } = {},
  ): Promise<RetrievedChunk[]> {
    await this.ensureFresh();
    return searchChunks(this.index!, query, options);
  }

  private async ensureFresh(): Promise<void> {
    const revision = await this.knowledge.revision();
    if (this.index && revision === this.builtFrom) return;
    // One rebuild at a time; concurrent searches wait for it.
    this.rebuilding ??= this.rebuild(revision).finally(() => (this.rebuilding = null));
    await this.rebuilding;
  }

  private async rebuild(revision: number): Promise<void> {
    this.index = buildChunkIndex(await this.knowledge.allChunks());
    this.builtFrom = revision;
  }
}

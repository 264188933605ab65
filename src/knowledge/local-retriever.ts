import { Injectable } from '@nestjs/common';
import MiniSearch from 'minisearch';
import type { KnowledgeCategory, RetrievedChunk, Retriever } from '../ai/ai.ports';
import type { StoredChunk } from './knowledge.types';
import { KnowledgeRepository } from './knowledge.repository';

type IndexedChunk = StoredChunk & { id: string };

/**
 * Lexical retrieval (BM25+, via MiniSearch) over knowledge-base chunks, held in memory and
 * rebuilt from MongoDB whenever the shared revision counter moved, so every instance answers
 * from the same knowledge base: one small read per search, a rebuild only after a change.
 */
@Injectable()
export class LocalRetriever implements Retriever {
  private index: MiniSearch<IndexedChunk> | null = null;
  private builtFrom = -1;
  private rebuilding: Promise<void> | null = null;

  constructor(private readonly knowledge: KnowledgeRepository) {}

  async search(
    query: string,
    options: { categories?: KnowledgeCategory[]; limit?: number } = {},
  ): Promise<RetrievedChunk[]> {
    await this.ensureFresh();
    const categories = options.categories;
    const results = this.index!.search(query, {
      boost: { heading: 2, title: 1.5 },
      fuzzy: 0.2,
      prefix: (term) => term.length > 3,
      combineWith: 'OR',
      ...(categories ? { filter: (result) => categories.includes(result['category'] as KnowledgeCategory) } : {}),
    });
    return results.slice(0, options.limit ?? 5).map((result) => ({
      document_id: result['document_id'] as string,
      title: result['title'] as string,
      heading: result['heading'] as string,
      text: result['text'] as string,
      category: result['category'] as KnowledgeCategory,
      score: Math.round(result.score * 1000) / 1000,
      terms: result.queryTerms,
    }));
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
    const index = new MiniSearch<IndexedChunk>({
      fields: ['title', 'heading', 'text'],
      storeFields: ['document_id', 'title', 'heading', 'text', 'category'],
    });
    index.addAll(chunks.map((chunk) => ({ ...chunk, id: `${chunk.document_id}#${chunk.index}` })));
    this.index = index;
    this.builtFrom = revision;
  }
}

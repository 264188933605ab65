import MiniSearch from 'minisearch';
import type { RetrievedChunk } from '../ai/ai.ports';
import type { StoredChunk } from './knowledge.types';
import type { KnowledgeCategory } from '../domain/department';
import { RETRIEVAL_STOP_WORDS } from '../ai/local/stop-words';

type IndexedChunk = StoredChunk & { id: string };

/** A chunk's id in both indexes. */
export function chunkKey(chunk: Pick<StoredChunk, 'document_id' | 'index'>): string {
  return `${chunk.document_id}#${chunk.index}`;
}

/** Terms lower-cased and stop words dropped (ai/local/stop-words says why), for documents and queries alike. */
function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  return RETRIEVAL_STOP_WORDS.has(lower) ? null : lower;
}
export type ChunkIndex = MiniSearch<IndexedChunk>;

/** The lexical index over knowledge chunks (BM25+), shared by the retriever and `npm run eval`. */
export function buildChunkIndex(chunks: readonly StoredChunk[]): ChunkIndex {
  const index = new MiniSearch<IndexedChunk>({
    fields: ['title', 'heading', 'text'],
    storeFields: ['document_id', 'title', 'heading', 'text', 'category'],
    processTerm,
  });
  index.addAll(chunks.map((chunk) => ({ ...chunk, id: chunkKey(chunk) })));
  return index;
}

/**
 * Each match with its chunk's key (`document_id#index`), best first, and the query terms it
 * matched literally: exactly or as the start of a longer word ("install" in "installing"), not
 * by fuzzy edit distance alone ("wage" reaching "page").
 */
export function rankChunks(
  index: ChunkIndex,
  query: string,
  options: { categories?: KnowledgeCategory[]; limit?: number } = {},
): Array<{ key: string; chunk: RetrievedChunk; literalTerms: string[] }> {
  const categories = options.categories;
  const results = index.search(query, {
    boost: { heading: 2, title: 1.5 },
    fuzzy: 0.2,
    prefix: (term) => term.length > 3,
    combineWith: 'OR',
    ...(categories ? { filter: (result) => categories.includes(result['category'] as KnowledgeCategory) } : {}),
  });
  return results.slice(0, options.limit ?? 5).map((result) => ({
    key: result.id as string,
    chunk: {
      document_id: result['document_id'] as string,
      title: result['title'] as string,
      heading: result['heading'] as string,
      text: result['text'] as string,
      category: result['category'] as KnowledgeCategory,
      score: Math.round(result.score * 1000) / 1000,
      terms: result.queryTerms,
      retrieval: 'lexical',
    },
    literalTerms: result.queryTerms.filter((term) => result.terms.some((word) => word.startsWith(term))),
  }));
}

export function searchChunks(
  index: ChunkIndex,
  query: string,
  options: { categories?: KnowledgeCategory[]; limit?: number } = {},
): RetrievedChunk[] {
  return rankChunks(index, query, options).map((match) => match.chunk);
}

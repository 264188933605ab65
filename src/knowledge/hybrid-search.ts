import type { RetrievedChunk } from '../ai/ai.ports';
import { similarity, type Embedder } from '../ai/local/embeddings/sentence-embedder';
import { isRelevant, MIN_LOCAL_SIMILARITY, QUESTION_COVERAGE } from '../ai/local/answer-composer';
import { tokenize } from '../ai/local/text-features';
import type { KnowledgeCategory } from '../domain/department';
import { chunkKey, rankChunks, type ChunkIndex } from './chunk-index';
import type { StoredChunk } from './knowledge.types';

/** Title and heading go with the passage so a vector knows what the text is about. */
export function embeddingText(chunk: StoredChunk): string {
  return `${chunk.title}\n${chunk.heading}\n${chunk.text}`;
}

export interface EmbeddedChunk {
  chunk: StoredChunk;
  vector: Float32Array;
}

/**
 * The knowledge base as both rankings read it: BM25+ over the words, and one vector per chunk,
 * by key and as one row-major matrix (row i is `rows[i]`), which a search scans in one tight loop.
 */
export interface HybridIndex {
  lexical: ChunkIndex;
  vectors: Map<string, EmbeddedChunk>;
  rows: EmbeddedChunk[];
  matrix: Float32Array;
}

/** Vectors for chunks, in batches the embedder sizes itself. */
export async function embedChunks(embedder: Embedder, chunks: readonly StoredChunk[]): Promise<EmbeddedChunk[]> {
  const vectors = await embedder.embed(chunks.map(embeddingText));
  return chunks.map((chunk, i) => ({ chunk, vector: vectors[i]! }));
}

export function buildHybridIndex(lexical: ChunkIndex, embedded: readonly EmbeddedChunk[]): HybridIndex {
  const dimensions = embedded[0]?.vector.length ?? 0;
  const matrix = new Float32Array(embedded.length * dimensions);
  embedded.forEach((entry, row) => matrix.set(entry.vector, row * dimensions));
  return {
    lexical,
    vectors: new Map(embedded.map((entry) => [chunkKey(entry.chunk), entry])),
    rows: [...embedded],
    matrix,
  };
}

/**
 * The `limit` rows nearest the query, best first. A scan with a small sorted list of the best so
 * far: over 10,000 chunks this is a few milliseconds where mapping and sorting all of them was
 * most of an answer's time (bench/README.md).
 */
function nearestRows(
  index: HybridIndex,
  queryVector: Float32Array,
  limit: number,
  categories: readonly KnowledgeCategory[] | undefined,
): Array<{ entry: EmbeddedChunk; similarity: number }> {
  const dimensions = queryVector.length;
  const best: Array<{ entry: EmbeddedChunk; similarity: number }> = [];
  for (let row = 0; row < index.rows.length; row += 1) {
    const entry = index.rows[row]!;
    if (categories && !categories.includes(entry.chunk.category)) continue;
    // Four running sums: the additions no longer wait on each other (5.4 ms instead of 8.3 ms
    // for 10,000 rows on this machine). 384 is a multiple of 4; a remainder is added after.
    const offset = row * dimensions;
    let sum0 = 0;
    let sum1 = 0;
    let sum2 = 0;
    let sum3 = 0;
    let d = 0;
    for (; d + 3 < dimensions; d += 4) {
      sum0 += queryVector[d]! * index.matrix[offset + d]!;
      sum1 += queryVector[d + 1]! * index.matrix[offset + d + 1]!;
      sum2 += queryVector[d + 2]! * index.matrix[offset + d + 2]!;
      sum3 += queryVector[d + 3]! * index.matrix[offset + d + 3]!;
    }
    for (; d < dimensions; d += 1) sum0 += queryVector[d]! * index.matrix[offset + d]!;
    const dot = sum0 + sum1 + sum2 + sum3;
    if (best.length === limit && dot <= best[limit - 1]!.similarity) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.similarity < dot) at -= 1;
    best.splice(at, 0, { entry, similarity: dot });
    if (best.length > limit) best.pop();
  }
  return best;
}

/** How deep each ranking is read before fusing: the answer needs 2, the fusion needs room to disagree. */
const CANDIDATES = 20;
/** Reciprocal rank fusion's constant: 60, the published default (Cormack et al., SIGIR 2009). */
const RRF_K = 60;

/**
 * Hybrid retrieval: the lexical and the vector ranking fused by reciprocal rank, so a paraphrase
 * that shares no word with its article is found by meaning and an exact term (a product name, an
 * error code) still counts. Only lexical matches the lexical rule alone would answer from take
 * part: on a small knowledge base, fuzzy BM25 ranks every passage sharing one common word ("my
 * bank account" ranks the password article), and fusing those ranks cost 6 of the 20 tune
 * questions (eval/sets/self-serve-questions.ts; README, "Self-serve retrieval"). A passage found
 * by its vector alone must be similar enough to count (MIN_LOCAL_SIMILARITY), so a question about
 * nothing in the knowledge base finds nothing, as it does lexically. Every result carries its cosine similarity as `score`, so the
 * relevance floor judges meaning, and its BM25+ score as `lexical_score` (0 when no word matched).
 */
export function searchHybrid(
  index: HybridIndex,
  query: string,
  queryVector: Float32Array,
  options: { categories?: KnowledgeCategory[]; limit?: number } = {},
): RetrievedChunk[] {
  const lexical = rankChunks(index.lexical, query, { ...options, limit: CANDIDATES });
  const semantic = nearestRows(index, queryVector, CANDIDATES, options.categories);

  const fused = new Map<string, { rrf: number; chunk: StoredChunk; lexical?: RetrievedChunk }>();
  lexical
    // Literal terms only: fuzzy matching is there for typos, and in a hybrid ranking the vector
    // reads a misspelt question well, whereas one fuzzy hit can carry an unrelated passage
    // ("wage" matched "page" and the password article outranked the pay dates).
    .filter(({ chunk: found, literalTerms }) => isRelevant({ ...found, terms: literalTerms }, query, QUESTION_COVERAGE))
    .forEach(({ key, chunk: found }, rank) => {
      const entry = index.vectors.get(key);
      if (entry) fused.set(key, { rrf: 1 / (RRF_K + rank + 1), chunk: entry.chunk, lexical: found });
    });
  semantic.forEach(({ entry, similarity: nearness }, rank) => {
    const key = chunkKey(entry.chunk);
    const known = fused.get(key);
    if (known) known.rrf += 1 / (RRF_K + rank + 1);
    // The nearest passages of an unrelated question are still nearest: only similar ones are found.
    else if (nearness >= MIN_LOCAL_SIMILARITY) fused.set(key, { rrf: 1 / (RRF_K + rank + 1), chunk: entry.chunk });
  });

  const queryWords = new Set(tokenize(query));
  return [...fused.entries()]
    .sort(([, a], [, b]) => b.rrf - a.rrf)
    .slice(0, options.limit ?? 5)
    .map(([key, { chunk, lexical: found }]) => ({
      document_id: chunk.document_id,
      title: chunk.title,
      heading: chunk.heading,
      text: chunk.text,
      category: chunk.category,
      score: Math.round(similarity(queryVector, index.vectors.get(key)!.vector) * 1000) / 1000,
      lexical_score: found?.score ?? 0,
      terms: found?.terms ?? [...new Set(tokenize(embeddingText(chunk)).filter((word) => queryWords.has(word)))],
      retrieval: 'hybrid' as const,
    }));
}

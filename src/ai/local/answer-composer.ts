import type { RetrievedChunk } from '../ai.ports';
import { ANSWER_FILLER_WORDS } from './stop-words';
import { tokenize } from './text-features';

/**
 * Local answers: the knowledge base's own sentences, chosen for the question and cited, never
 * invented. Below the relevance floor the answer says the knowledge base has nothing.
 */
export interface CitedSource {
  document_id: string;
  title: string;
  score: number;
}

/** BM25+ scores below this, or matches on filler words only, do not count as an answer. */
export const MIN_RELEVANCE = 1.5;
const MAX_PASSAGES = 2;
const MAX_SENTENCES_PER_PASSAGE = 3;

export const NOTHING_FOUND =
  'I could not find anything about this in the knowledge base, so I will not guess. ' +
  'Please raise a ticket and an agent will help you.';

function contentWords(text: string): Set<string> {
  return new Set(tokenize(text).filter((word) => word.length >= 3 && !ANSWER_FILLER_WORDS.has(word)));
}

/** Cosine similarity of Gemini embeddings below which a passage is about something else. */
export const MIN_SIMILARITY = 0.7;
/**
 * The same floor for the local sentence model (all-MiniLM-L6-v2), whose similarities run lower:
 * chosen on the tune questions of eval/sets/self-serve-questions.ts (README, "Self-serve retrieval").
 */
export const MIN_LOCAL_SIMILARITY = 0.29;

function coversQuestion(chunk: RetrievedChunk, question: string, minCoverage: number): boolean {
  const wanted = contentWords(question);
  const matched = chunk.terms.filter((term) => wanted.has(term)).length;
  return matched > 0 && matched / Math.max(1, wanted.size) >= minCoverage;
}

/**
 * Relevant: scores above the floor and, for lexical matches, covers enough of the question's
 * content words. One incidental shared word ("client" in a question about booking a helicopter
 * for a client) is not an answer. Long ticket texts use a lower share than short questions.
 * Vector matches are judged by similarity alone: they may share no word with the question.
 * Hybrid matches count when either judgement holds, so the exact wording the lexical rule
 * accepts is never lost to the model.
 */
export function isRelevant(chunk: RetrievedChunk, question: string, minCoverage: number): boolean {
  switch (chunk.retrieval) {
    case 'vector':
      return chunk.score >= MIN_SIMILARITY;
    case 'lexical':
      return chunk.score >= MIN_RELEVANCE && coversQuestion(chunk, question, minCoverage);
    case 'hybrid':
      return (
        chunk.score >= MIN_LOCAL_SIMILARITY ||
        ((chunk.lexical_score ?? 0) >= MIN_RELEVANCE && coversQuestion(chunk, question, minCoverage))
      );
  }
}

function bestSentences(chunk: RetrievedChunk, queryTerms: Set<string>): string {
  const sentences = chunk.text
    .match(/[^.!?\n]+[.!?]?/g)
    ?.map((s) => s.trim())
    .filter(Boolean) ?? [chunk.text];
  const scored = sentences.map((sentence, position) => ({
    sentence,
    position,
    overlap: tokenize(sentence).filter((word) => queryTerms.has(word)).length,
  }));
  const chosen = scored
    .filter((s) => s.overlap > 0)
    .sort((a, b) => b.overlap - a.overlap || a.position - b.position)
    .slice(0, MAX_SENTENCES_PER_PASSAGE)
    .sort((a, b) => a.position - b.position);
  return (chosen.length > 0 ? chosen : scored.slice(0, MAX_SENTENCES_PER_PASSAGE)).map((s) => s.sentence).join(' ');
}

/** Share of a short question's content words a passage must match to answer it. */
export const QUESTION_COVERAGE = 0.5;

/** The passages worth answering from, best first; empty means the knowledge base has nothing. */
export function selectRelevant(
  question: string,
  retrieved: RetrievedChunk[],
  minCoverage = QUESTION_COVERAGE,
): RetrievedChunk[] {
  return retrieved.filter((chunk) => isRelevant(chunk, question, minCoverage)).slice(0, MAX_PASSAGES);
}

/** Each cited document once, with its best passage's score. */
export function citedSources(passages: RetrievedChunk[]): CitedSource[] {
  const sources = new Map<string, CitedSource>();
  for (const chunk of passages) {
    if (!sources.has(chunk.document_id))
      sources.set(chunk.document_id, { document_id: chunk.document_id, title: chunk.title, score: chunk.score });
  }
  return [...sources.values()];
}

/** The passages' own sentences that bear on the question, each followed by where it came from. */
export function quotePassages(question: string, passages: RetrievedChunk[]): string {
  const queryTerms = new Set(
    [...tokenize(question), ...passages.flatMap((chunk) => chunk.terms)].filter((t) => !ANSWER_FILLER_WORDS.has(t)),
  );
  return passages
    .map((chunk) => {
      const where = chunk.heading && chunk.heading !== chunk.title ? `${chunk.title}, ${chunk.heading}` : chunk.title;
      return `${bestSentences(chunk, queryTerms)} (source: ${where})`;
    })
    .join(' ');
}

export const KNOWLEDGE_BASE_PREFIX = 'According to the knowledge base: ';

/**
 * A follow-up ("and can I carry them over?") leans on the previous question: it is short, opens
 * with a connective, or points back with a pronoun. Retrieval then searches both together.
 */
export function isFollowUp(query: string): boolean {
  const words = tokenize(query);
  const content = words.filter((word) => word.length >= 3 && !ANSWER_FILLER_WORDS.has(word));
  return (
    /^(and|also|but|so|what about|how about|then)\b/i.test(query.trim()) ||
    words.some((word) => ['it', 'they', 'them', 'those', 'these', 'that', 'this', 'there'].includes(word)) ||
    content.length <= 2
  );
}

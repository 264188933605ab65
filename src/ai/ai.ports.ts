/**
 * The AI ports (ARCHITECTURE.md): features call these interfaces, never a model or SDK directly.
 * Each has a local, in-process implementation that is always present; hosted ones (Gemini,
 * Pinecone) are chosen by configuration and fall back to local on failure.
 */

import type { Department, KnowledgeCategory } from '../domain/department';

export const HARM_CATEGORIES = ['jailbreak', 'abusive', 'explicit', 'spam', 'gibberish'] as const;
export type HarmCategory = (typeof HARM_CATEGORIES)[number];

/** Which implementation decided, recorded on the ticket and on answers. */
export type AiProvider = 'local' | 'gemini';

export interface TicketText {
  title: string;
  description: string;
}

export interface ScreeningVerdict {
  is_harmful: boolean;
  /** Empty when not harmful. */
  categories: HarmCategory[];
  /** One sentence naming the evidence, e.g. 'instruction-override phrase "ignore all previous instructions"'. */
  reason: string;
  provider: AiProvider;
}

export interface RoutingDecision {
  department: Department;
  /** One sentence naming the strongest evidence. */
  reason: string;
  provider: AiProvider;
}

export interface HarmScreen {
  screen(text: TicketText): Promise<ScreeningVerdict>;
}

export interface DepartmentRouter {
  route(text: TicketText): Promise<RoutingDecision>;
}

/** Injection tokens for the ports. */
export const HARM_SCREEN = Symbol('HARM_SCREEN');
export const DEPARTMENT_ROUTER = Symbol('DEPARTMENT_ROUTER');

/** A passage of a knowledge-base document, as retrieval returns it. */
export interface RetrievedChunk {
  document_id: string;
  title: string;
  heading: string;
  text: string;
  category: KnowledgeCategory;
  /**
   * BM25+ score for lexical retrieval; cosine similarity (−1…1) for vector retrieval (Gemini) and
   * for hybrid retrieval (the local sentence model).
   */
  score: number;
  /** Hybrid retrieval only: the BM25+ score beside the similarity, 0 when no word matched. */
  lexical_score?: number;
  /** The query's words the passage contains (fuzzy or prefix matches count as their query word). */
  terms: string[];
  /** How it was found: the scores mean different things, so relevance floors differ. */
  retrieval: 'lexical' | 'vector' | 'hybrid';
}

export interface Retriever {
  search(query: string, options?: { categories?: KnowledgeCategory[]; limit?: number }): Promise<RetrievedChunk[]>;
}

export const RETRIEVER = Symbol('RETRIEVER');

/** Earlier turns of a self-serve conversation, oldest first. */
export interface Exchange {
  query: string;
  answer: string;
}

/**
 * What an answer is written from. Passages are already judged relevant; a self-serve answer is
 * only requested when there is at least one (abstaining is not the writer's call).
 */
export type AnswerRequest =
  | { kind: 'self_serve'; question: string; earlier: Exchange[]; passages: RetrievedChunk[] }
  | {
      kind: 'suggestion';
      ticket: TicketText;
      /** The requester's latest messages, or the agent's own context. */
      conversation: string;
      passages: RetrievedChunk[];
    };

export interface WrittenAnswer {
  text: string;
  provider: AiProvider;
}

export interface AnswerWriter {
  write(request: AnswerRequest): Promise<WrittenAnswer>;
}

export const ANSWER_WRITER = Symbol('ANSWER_WRITER');

/** What trending topics asks labels for: the terms it found, and the tickets they were found in. */
export interface TopicLabelRequest {
  terms: string[];
  /** Tickets of the window, newest first; an implementation reads as many as it needs. */
  samples: TicketText[];
}

export interface TopicLabels {
  /** A one-line label per term; a term missing here stays unlabelled. */
  labels: Map<string, string>;
  provider: AiProvider;
}

/** One-line labels for trending topics in admin analytics; the figures stand without them. */
export interface TopicLabeler {
  label(request: TopicLabelRequest): Promise<TopicLabels>;
}

export const TOPIC_LABELER = Symbol('TOPIC_LABELER');

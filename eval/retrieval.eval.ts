import type { Retriever } from '../src/ai/ai.ports';
import type { CitedSource } from '../src/ai/local/answer-composer';
import { LocalAnswerWriter } from '../src/ai/local/local-answer-writer';
import { answerFromKnowledge } from '../src/assistant/self-serve-answer';
import { chunkDocument } from '../src/knowledge/chunking';
import type { SentenceEmbedder } from '../src/ai/local/embeddings/sentence-embedder';
import { buildChunkIndex, searchChunks } from '../src/knowledge/chunk-index';
import { buildHybridIndex, embedChunks, searchHybrid } from '../src/knowledge/hybrid-search';
import { STARTER_DOCUMENTS } from '../src/knowledge/starter-documents';

/**
 * The self-serve bot measured as users meet it: precision at 1 (the first source it cites is the
 * right document) and recall at 3 (the right document is among the first three it cites) on
 * answerable questions, and how often it rightly abstains (cites nothing) on questions the
 * knowledge base cannot answer. Retrieval, the relevance judgement and the sources together.
 */
export interface RetrievalQuestion {
  question: string;
  /** The title of the article that answers it; null when the knowledge base cannot. */
  expected: string | null;
}

/** Questions written for the starter knowledge base, in its own words: the floor the end-to-end spec holds. */
export const WRITTEN_FOR_STARTER: readonly RetrievalQuestion[] = [
  ...(
    [
      ['How many vacation days do I get?', 'Annual leave'],
      ['Can unused holiday days be moved to next year?', 'Annual leave'],
      ['How far ahead must I request leave?', 'Annual leave'],
      ['I am ill, who do I tell?', 'Sick leave'],
      ['When do I need a doctor certificate?', 'Sick leave'],
      ['When is salary paid?', 'Payroll and payslips'],
      ['Where do I find my payslip?', 'Payroll and payslips'],
      ['The VPN keeps timing out', 'Connecting to the VPN'],
      ['How do I install the VPN client?', 'Connecting to the VPN'],
      ['I forgot my password', 'Passwords and locked accounts'],
      ['My account is locked after wrong attempts', 'Passwords and locked accounts'],
      ['I got a new phone, how do I move MFA?', 'Passwords and locked accounts'],
      ['The printer has a paper jam', 'Printers'],
      ['Where is spare toner?', 'Printers'],
      ['I lost my badge', 'Office basics'],
      ['When does the office open?', 'Office basics'],
    ] as const
  ).map(([question, expected]) => ({ question, expected })),
  ...[
    'How do I book the company helicopter?',
    'What is the dress code for the summer party?',
    'Can I bring my dog to work?',
    'Who won the football match yesterday?',
  ].map((question) => ({ question, expected: null })),
];

export interface RetrievalMetrics {
  answerable: number;
  precisionAt1: number;
  recallAt3: number;
  unanswerable: number;
  abstentionRate: number;
  /** The questions answered wrongly or not abstained on, with what was cited: what to read first. */
  misses: Array<{ question: string; expected: string | null; cited: string[] }>;
}

/** Asks the bot one question, as a new session would, and answers the sources it cites. */
export type AskSelfServe = (question: string) => Promise<CitedSource[]>;

export async function evaluateRetrieval(
  ask: AskSelfServe,
  questions: readonly RetrievalQuestion[],
): Promise<RetrievalMetrics> {
  let first = 0;
  let inTop3 = 0;
  let abstained = 0;
  const misses: RetrievalMetrics['misses'] = [];
  for (const { question, expected } of questions) {
    const cited = (await ask(question)).map((source) => source.title);
    if (expected === null) {
      if (cited.length === 0) abstained += 1;
      else misses.push({ question, expected, cited });
      continue;
    }
    if (cited[0] === expected) first += 1;
    else misses.push({ question, expected, cited });
    if (cited.slice(0, 3).includes(expected)) inTop3 += 1;
  }
  const answerable = questions.filter((q) => q.expected !== null).length;
  const unanswerable = questions.length - answerable;
  return {
    answerable,
    precisionAt1: answerable ? first / answerable : 0,
    recallAt3: answerable ? inTop3 / answerable : 0,
    unanswerable,
    abstentionRate: unanswerable ? abstained / unanswerable : 0,
    misses,
  };
}

/**
 * The bot's own answering path without a database, for `npm run eval`: the starter documents
 * chunked as the knowledge base stores them, searched by the index the local retriever builds
 * from those chunks, answered by the assistant's function with the local writer. The end-to-end
 * spec asks the running app instead and holds the floors.
 */
export async function askStarterKnowledgeLocally(embedder?: SentenceEmbedder): Promise<AskSelfServe> {
  const chunks = STARTER_DOCUMENTS.flatMap((document) =>
    chunkDocument(document.title, document.content).map((chunk) => ({
      ...chunk,
      document_id: document.title,
      title: document.title,
      category: document.category,
    })),
  );
  const lexical = buildChunkIndex(chunks);
  const hybrid = embedder && buildHybridIndex(lexical, await embedChunks(embedder, chunks));
  const retriever: Retriever = {
    search: async (query, options) =>
      hybrid
        ? searchHybrid(hybrid, query, (await embedder.embed([query]))[0]!, options)
        : searchChunks(lexical, query, options),
  };
  const writer = new LocalAnswerWriter();
  return async (question) => (await answerFromKnowledge(retriever, writer, question, [])).sources;
}

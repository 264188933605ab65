import type { Retriever } from '../src/ai/ai.ports';
import type { CitedSource } from '../src/ai/local/answer-composer';
import { LocalAnswerWriter } from '../src/ai/local/local-answer-writer';
import { answerFromKnowledge } from '../src/assistant/self-serve-answer';
import { chunkDocument } from '../src/knowledge/chunking';
import { buildChunkIndex, searchChunks } from '../src/knowledge/chunk-index';
import { STARTER_DOCUMENTS } from '../src/knowledge/starter-documents';

/**
 * The self-serve bot on the starter knowledge base with questions written for it: precision at
 * 1 (the first source it cites is the right document) for answerable questions, and how often it
 * rightly abstains (cites nothing) on questions the knowledge base cannot answer. What is measured
 * is the answer a user gets: retrieval, the relevance judgement and the sources together.
 */
export const ANSWERABLE: ReadonlyArray<readonly [question: string, expectedTitle: string]> = [
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
];

export const UNANSWERABLE: readonly string[] = [
  'How do I book the company helicopter?',
  'What is the dress code for the summer party?',
  'Can I bring my dog to work?',
  'Who won the football match yesterday?',
];

export interface RetrievalMetrics {
  answerable: number;
  precisionAt1: number;
  unanswerable: number;
  abstentionRate: number;
}

/** Asks the bot one question, as a new session would, and answers the sources it cites. */
export type AskSelfServe = (question: string) => Promise<CitedSource[]>;

export async function evaluateRetrieval(ask: AskSelfServe): Promise<RetrievalMetrics> {
  let hits = 0;
  for (const [question, expected] of ANSWERABLE) if ((await ask(question))[0]?.title === expected) hits += 1;
  let abstained = 0;
  for (const question of UNANSWERABLE) if ((await ask(question)).length === 0) abstained += 1;
  return {
    answerable: ANSWERABLE.length,
    precisionAt1: hits / ANSWERABLE.length,
    unanswerable: UNANSWERABLE.length,
    abstentionRate: abstained / UNANSWERABLE.length,
  };
}

/**
 * The bot's own answering path without a database, for `npm run eval`: the starter documents
 * chunked as the knowledge base stores them, searched by the index the local retriever builds
 * from those chunks, answered by the assistant's function with the local writer. The end-to-end
 * spec asks the running app instead and holds the floors.
 */
export function askStarterKnowledgeLocally(): AskSelfServe {
  const index = buildChunkIndex(
    STARTER_DOCUMENTS.flatMap((document) =>
      chunkDocument(document.title, document.content).map((chunk) => ({
        ...chunk,
        document_id: document.title,
        title: document.title,
        category: document.category,
      })),
    ),
  );
  const retriever: Retriever = { search: (query, options) => Promise.resolve(searchChunks(index, query, options)) };
  const writer = new LocalAnswerWriter();
  return async (question) => (await answerFromKnowledge(retriever, writer, question, [])).sources;
}

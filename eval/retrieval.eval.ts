import { composeAnswer } from '../src/ai/local/answer-composer';
import { chunkDocument } from '../src/knowledge/chunking';
import { buildChunkIndex, searchChunks } from '../src/knowledge/chunk-index';
import { STARTER_DOCUMENTS } from '../src/knowledge/starter-documents';

/**
 * Retrieval on the starter knowledge base with questions written for it: precision at 1 (the
 * first passage comes from the right document) for answerable questions, and how often the
 * answer bot rightly abstains on questions the knowledge base cannot answer.
 */
const ANSWERABLE: ReadonlyArray<readonly [question: string, expectedTitle: string]> = [
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

const UNANSWERABLE: readonly string[] = [
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

export function evaluateRetrieval(): RetrievalMetrics {
  const chunks = STARTER_DOCUMENTS.flatMap((document) =>
    chunkDocument(document.title, document.content).map((chunk) => ({
      ...chunk,
      document_id: document.title,
      title: document.title,
      category: document.category,
    })),
  );
  const index = buildChunkIndex(chunks);
  const hits = ANSWERABLE.filter(
    ([question, expected]) => searchChunks(index, question, { limit: 1 })[0]?.title === expected,
  ).length;
  const abstained = UNANSWERABLE.filter(
    (question) => composeAnswer(question, searchChunks(index, question)).sources.length === 0,
  ).length;
  return {
    answerable: ANSWERABLE.length,
    precisionAt1: hits / ANSWERABLE.length,
    unanswerable: UNANSWERABLE.length,
    abstentionRate: abstained / UNANSWERABLE.length,
  };
}

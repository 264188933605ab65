import type { AiProvider, AnswerWriter, Exchange, Retriever } from '../ai/ai.ports';
import { citedSources, isFollowUp, NOTHING_FOUND, selectRelevant, type CitedSource } from '../ai/local/answer-composer';

/** Passages retrieval is asked for; the relevance judgement keeps the few worth answering from. */
export const SELF_SERVE_PASSAGES = 5;

export interface SelfServeAnswer {
  text: string;
  provider: AiProvider;
  sources: CitedSource[];
}

/**
 * The self-serve bot's answer to one question, after `earlier` exchanges of its session: a
 * follow-up is searched together with the previous question, only passages judged relevant are
 * kept, and with none the abstention is sent without asking a writer (which might invent an
 * answer). Shared by the assistant and `npm run eval`, so the eval measures what users get.
 */
export async function answerFromKnowledge(
  retriever: Retriever,
  writer: AnswerWriter,
  question: string,
  earlier: Exchange[],
): Promise<SelfServeAnswer> {
  const previous = earlier.at(-1)?.query;
  const searchText = previous && isFollowUp(question) ? `${previous} ${question}` : question;
  const passages = selectRelevant(searchText, await retriever.search(searchText, { limit: SELF_SERVE_PASSAGES }));
  if (passages.length === 0) return { text: NOTHING_FOUND, provider: 'local', sources: [] };
  const written = await writer.write({ kind: 'self_serve', question, earlier, passages });
  return { text: written.text, provider: written.provider, sources: citedSources(passages) };
}

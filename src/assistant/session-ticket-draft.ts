import { NOTHING_FOUND } from '../ai/local/answer-composer';
import type { Exchange } from '../ai/ai.ports';

/** What a ticket is drafted from: a self-serve session as stored (its last exchanges, and how it began). */
export interface SessionForDraft {
  sessionId: string;
  /** The session's first question; null for sessions stored before it was kept (then the oldest kept one is). */
  firstQuery: string | null;
  /** The last exchanges, oldest first. */
  exchanges: readonly Exchange[];
  /** Questions asked in the session in all, kept or not. */
  questionCount: number;
}

const ELLIPSIS = '…';

/**
 * `text` in at most `max` UTF-16 units (the unit both class-validator's and Mongoose's lengths
 * count): whole if it fits, else cut at the last space in the second half of the room, or hard
 * when a single word fills it, and marked with an ellipsis. Never splits a surrogate pair.
 */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - ELLIPSIS.length;
  if (end > 0 && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  const room = text.slice(0, end);
  const space = room.search(/\s\S*$/u);
  const kept = space >= end / 2 ? room.slice(0, space) : room;
  return `${kept.trimEnd()}${ELLIPSIS}`;
}

/** The session's first question, on one line, within the title's length: what the ticket is about. */
export function draftTitle(session: SessionForDraft, maxLength: number): string | null {
  const first = session.firstQuery ?? session.exchanges[0]?.query;
  if (first === undefined) return null;
  return cutAtWord(first.replace(/\s+/gu, ' ').trim(), maxLength);
}

/**
 * The most room each text may take so that all fit in `budget`: short texts keep their length and
 * what they leave is shared by the longer ones (water-filling), so one long answer is shortened
 * before a short question is touched.
 */
export function shareOut(lengths: readonly number[], budget: number): number[] {
  const shares = lengths.map(() => 0);
  let left = Math.max(0, budget);
  let waiting = lengths.length;
  for (const index of lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b)) {
    const share = Math.min(lengths[index]!, Math.floor(left / waiting));
    shares[index] = share;
    left -= share;
    waiting -= 1;
  }
  return shares;
}

/** How the bot's abstention reads in a ticket: the agent needs the fact, not the canned apology. */
const NOTHING_FOUND_IN_TICKET = '(nothing found in the knowledge base)';

/**
 * The ticket's description: where it came from, then each kept question with the bot's answer,
 * oldest first, within `maxLength`. When the session asked more than it keeps, the question it
 * began with is named too. Texts are shortened only as far as needed, longest first (shareOut).
 */
export function draftDescription(session: SessionForDraft, maxLength: number): string {
  const header = `Raised from a self-serve assistant session (${session.sessionId}); the answers below did not settle it.`;
  const texts: string[] = [];
  const template: Array<(fitted: string[]) => string> = [() => header];
  const slot = (text: string) => texts.push(text.replace(/\s+/gu, ' ').trim()) - 1;

  const omitted = session.questionCount - session.exchanges.length;
  if (omitted > 0 && session.firstQuery !== null) {
    const first = slot(session.firstQuery);
    const earlier = omitted === 1 ? 'earlier question is' : 'earlier questions are';
    template.push((fitted) => `It began with "${fitted[first]}"; ${omitted} ${earlier} not shown.`);
  }
  for (const exchange of session.exchanges) {
    const question = slot(exchange.query);
    const answer = slot(exchange.answer === NOTHING_FOUND ? NOTHING_FOUND_IN_TICKET : exchange.answer);
    template.push((fitted) => `Asked: ${fitted[question]}\nBot answered: ${fitted[answer]}`);
  }

  const render = (fitted: string[]) => template.map((part) => part(fitted)).join('\n\n');
  const overhead = render(texts.map(() => '')).length;
  const shares = shareOut(
    texts.map((text) => text.length),
    maxLength - overhead,
  );
  const description = render(texts.map((text, index) => cutAtWord(text, shares[index]!)));
  // Only a template longer than the whole room (a limit far below 2000) gets here; still within bounds.
  return cutAtWord(description, maxLength);
}

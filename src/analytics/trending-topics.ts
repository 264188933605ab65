import type { TicketText } from '../ai/ai.ports';
import { TOPIC_STOP_WORDS } from '../ai/local/stop-words';

/**
 * Words that say how a ticket is going rather than what it is about ("working", "error", "new"). They
 * appear in every kind of ticket, so alone they are never a topic; in a phrase they can be part of
 * one ("certificate error", "new starter").
 */
const GENERIC_WORDS = new Set(
  (
    'work works working worked issue issues problem problems question questions request requests error errors ' +
    'wrong new old broken slow fails failed failing failure change changes changed update updated use using used ' +
    'urgent asap support access time times'
  ).split(' '),
);

/** A word, or a hyphenated compound as one ("wi-fi", "usb-c", "e-mail"); a possessive "'s" is the word. */
const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
/** Phrases do not run across sentences or from the title into the description. */
const SENTENCE_BREAK = /[.!?;:\n\r]+/;

/** A word that can name a subject: three letters or more, or a two-letter acronym written in capitals ("PC", "HR"). */
function contentWord(written: string): string | null {
  const word = written
    .toLowerCase()
    .replace(/['’]s$/u, '')
    .replace(/['’]/gu, '');
  if (TOPIC_STOP_WORDS.has(word) || /^\d+$/.test(word)) return null;
  if (word.length >= 3) return word;
  return word.length === 2 && written === written.toUpperCase() && /\p{L}/u.test(written) ? word : null;
}

/** Content words and pairs of adjacent content words of a text, with how often each occurs. */
function termOccurrences(text: string, into = new Map<string, number>()): Map<string, number> {
  const add = (term: string) => into.set(term, (into.get(term) ?? 0) + 1);
  for (const sentence of text.split(SENTENCE_BREAK)) {
    const words = (sentence.match(WORD) ?? []).map(contentWord);
    words.forEach((word, i) => {
      if (word === null) return;
      if (!GENERIC_WORDS.has(word)) add(word);
      const next = words[i + 1];
      // Two words that each say nothing alone ("new request") say nothing together either.
      if (next && !(GENERIC_WORDS.has(word) && GENERIC_WORDS.has(next))) add(`${word} ${next}`);
    });
  }
  return into;
}

/**
 * The terms a ticket is about: those in its title, and those it repeats. A word met once in passing
 * ("my laptop shows the printer offline") is not what the ticket is about, and counting such words
 * is what turns ordinary varied tickets into junk topics ("laptop", "error", "want").
 */
export function ticketTopics(ticket: TicketText): Set<string> {
  const inTitle = termOccurrences(ticket.title);
  const overall = termOccurrences(ticket.description, new Map(inTitle));
  return new Set([...overall].filter(([term, n]) => inTitle.has(term) || n >= 2).map(([term]) => term));
}

export interface TrendingTopic {
  term: string;
  /** Tickets of the window about the term. */
  count: number;
  /** Tickets of the previous window about it. */
  previous_count: number;
  /**
   * (count + 1) / (expected + 1), where expected = previous_count scaled to this window's volume
   * (previous_count × tickets / previous_tickets; 0 when the previous window is empty).
   */
  growth: number;
}

export interface TrendingOptions {
  /** At most this many topics. */
  limit: number;
  /** Fewer tickets than this are chance, whatever the growth. */
  minCount: number;
  /** A term the tickets are this much about is listed even if it did not grow. */
  prevalentShare: number;
  /** A rise at least this likely by chance at the previous rate is not a trend. */
  chance: number;
}

export const TRENDING_DEFAULTS: TrendingOptions = { limit: 10, minCount: 3, prevalentShare: 0.2, chance: 0.05 };

/** P(X ≥ n) for X ~ Poisson(λ): one minus the terms below n, each built from the last in log space (no underflow at large λ). */
export function poissonTail(n: number, lambda: number): number {
  let logTerm = -lambda;
  let below = 0;
  for (let k = 0; k < n; k += 1) {
    if (k > 0) logTerm += Math.log(lambda) - Math.log(k);
    below += Math.exp(logTerm);
  }
  return Math.max(0, 1 - below);
}

function countTopics(tickets: TicketText[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ticket of tickets) for (const term of ticketTopics(ticket)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

const wordsOf = (term: string) => term.split(' ');

/**
 * What the recent tickets are about, most risen first. A term counts the tickets about it (see
 * ticketTopics). It is listed when at least `minCount` tickets are about it and either it is more
 * frequent than the previous window's rate predicts, or `prevalentShare` of the tickets are about it
 * (a standing subject does not vanish because it was as common before). Rank: count × ln(growth), a
 * term's share of how much the two windows differ, so a large rise beats a small one and a subject
 * that merely held steady ranks after every riser. Windows of different volumes are compared by
 * rate, not raw count. A phrase replaces its words when it is about as many tickets.
 */
export function trendingTopics(
  current: TicketText[],
  previous: TicketText[],
  options: TrendingOptions = TRENDING_DEFAULTS,
): TrendingTopic[] {
  const now = countTopics(current);
  const before = countTopics(previous);
  const scale = previous.length === 0 ? 0 : current.length / previous.length;
  const candidates: Array<TrendingTopic & { score: number; prevalent: boolean }> = [];
  for (const [term, count] of now) {
    if (count < options.minCount) continue;
    const previousCount = before.get(term) ?? 0;
    const growth = (count + 1) / (previousCount * scale + 1);
    const prevalent = count >= options.prevalentShare * current.length;
    if (!prevalent && (growth <= 1 || poissonTail(count, previousCount * scale + 1) > options.chance)) continue;
    candidates.push({
      term,
      count,
      previous_count: previousCount,
      growth: Math.round(growth * 100) / 100,
      score: count * Math.log(growth),
      prevalent,
    });
  }
  // A word inside a phrase that is about as many tickets names the same subject less precisely.
  const distinct = candidates.filter(
    (candidate) =>
      !candidates.some(
        (other) =>
          wordsOf(other.term).length > wordsOf(candidate.term).length &&
          wordsOf(candidate.term).every((word) => wordsOf(other.term).includes(word)) &&
          other.count >= candidate.count,
      ),
  );
  const ranked = distinct.sort(
    (a, b) =>
      b.score - a.score ||
      b.count - a.count ||
      wordsOf(b.term).length - wordsOf(a.term).length ||
      a.term.localeCompare(b.term),
  );
  // Prevalent subjects first claim their places, then the rest by rank; listed in rank order.
  const prevalent = ranked.filter((topic) => topic.prevalent).slice(0, options.limit);
  const others = ranked.filter((topic) => !topic.prevalent).slice(0, options.limit - prevalent.length);
  const chosen = new Set([...prevalent, ...others]);
  return ranked
    .filter((topic) => chosen.has(topic))
    .map(({ term, count, previous_count, growth }) => ({ term, count, previous_count, growth }));
}

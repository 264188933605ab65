import { tokenize } from '../ai/local/text-features';

/** Median of the values (the mean of the two middle ones for an even count), or null when empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface DurationSummary {
  count: number;
  median_seconds: number | null;
  p90_seconds: number | null;
  mean_seconds: number | null;
}

export function summariseDurations(seconds: number[]): DurationSummary {
  return {
    count: seconds.length,
    median_seconds: median(seconds),
    p90_seconds: percentile(seconds, 90),
    mean_seconds: seconds.length === 0 ? null : Math.round(seconds.reduce((sum, s) => sum + s, 0) / seconds.length),
  };
}

const TOPIC_STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could do does for from get got has have having help how i if in is it its ' +
    'just me my need needs no not of on or our please so still that the their them then there this to too up us was ' +
    'we what when where which who why will with would you your hi hello thanks thank any some all also again can t ' +
    'cannot dont don doesn isn won anyone since today yesterday now every out day days morning week after before ' +
    'when again one able'
  ).split(' '),
);

const isContent = (word: string) => word.length > 2 && !TOPIC_STOP_WORDS.has(word) && !/^\d+$/.test(word);

/** The terms of a ticket: content words and pairs of adjacent content words, each counted once per ticket. */
export function topicTerms(text: string): Set<string> {
  const words = tokenize(text);
  const terms = new Set(words.filter(isContent));
  for (let i = 0; i + 1 < words.length; i += 1)
    if (isContent(words[i]!) && isContent(words[i + 1]!)) terms.add(`${words[i]} ${words[i + 1]}`);
  return terms;
}

export interface TrendingTopic {
  term: string;
  count: number;
  previous_count: number;
  /** (count + 1) / (previous_count + 1): smoothed, so a term new in this window does not divide by zero. */
  growth: number;
}

/**
 * Terms in more tickets now than in the previous window of the same length, ranked by smoothed
 * growth and then by volume. A phrase wins over its words when it is as frequent (the more
 * specific name for the same topic), and terms in fewer than `minCount` tickets are noise.
 */
export function trendingTopics(current: string[], previous: string[], limit = 10, minCount = 3): TrendingTopic[] {
  const count = (texts: string[]) => {
    const counts = new Map<string, number>();
    for (const text of texts) for (const term of topicTerms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
    return counts;
  };
  const now = count(current);
  const before = count(previous);
  const candidates: TrendingTopic[] = [];
  for (const [term, n] of now) {
    const was = before.get(term) ?? 0;
    if (n < minCount || n <= was) continue;
    candidates.push({ term, count: n, previous_count: was, growth: Math.round(((n + 1) / (was + 1)) * 100) / 100 });
  }
  const wordsIn = (term: string) => term.split(' ').length;
  candidates.sort(
    (a, b) =>
      b.growth - a.growth || b.count - a.count || wordsIn(b.term) - wordsIn(a.term) || a.term.localeCompare(b.term),
  );
  const chosen: TrendingTopic[] = [];
  for (const candidate of candidates) {
    if (chosen.length === limit) break;
    const words = candidate.term.split(' ');
    // A word already covered by an equally frequent phrase adds nothing.
    const covered = chosen.some(
      (topic) =>
        topic.term.split(' ').length > words.length &&
        words.every((w) => topic.term.split(' ').includes(w)) &&
        topic.count >= candidate.count,
    );
    if (!covered) chosen.push(candidate);
  }
  return chosen;
}

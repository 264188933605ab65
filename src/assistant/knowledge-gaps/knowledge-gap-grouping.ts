/** One question the self-serve bot could not answer, as the grouping reads it. */
export interface UnansweredQuestion {
  query: string;
  /** questionWords(query), as stored when it was asked. */
  words: readonly string[];
  askerId: string;
  askedAt: Date;
}

/** Questions about one missing subject: what the knowledge base should gain a document on. */
export interface KnowledgeGap {
  /** The most asked wording of the group's most central question. */
  representative: string;
  /** That question's normalised words: what the group has in common with it. */
  words: string[];
  count: number;
  distinctAskers: number;
  /** Other wordings in the group, most asked first. */
  examples: string[];
  firstAskedAt: Date;
  lastAskedAt: Date;
}

export interface GroupingOptions {
  /** Jaccard similarity of word sets at or above which two questions are about the same thing. */
  minSimilarity: number;
  /** Other wordings kept per group. */
  examples: number;
}

/**
 * Half the words shared between two short questions: "expense taxi ride" and "expense taxi ride
 * airport" are one subject (0.75), "reset password" and "password expiry" are not (0.33).
 */
export const GROUPING_DEFAULTS: GroupingOptions = { minSimilarity: 0.5, examples: 5 };

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/** The same wording asked again: case and spacing do not make a question different. */
function wordingKey(query: string): string {
  return query.trim().replace(/\s+/gu, ' ').toLowerCase();
}

interface Wording {
  /** As most recently asked (the latest spelling is the one to show). */
  text: string;
  count: number;
  lastAskedAt: number;
}

/** All questions with one set of words: the grouping compares these, not single questions. */
interface WordSet {
  key: string;
  words: ReadonlySet<string>;
  questions: UnansweredQuestion[];
  lastAskedAt: number;
}

/** More asked first, then more recently asked, then alphabetical: a total order, so the result is too. */
function compareWordings(a: Wording, b: Wording): number {
  return b.count - a.count || b.lastAskedAt - a.lastAskedAt || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
}

function wordingsOf(questions: readonly UnansweredQuestion[]): Wording[] {
  const byKey = new Map<string, Wording>();
  for (const question of questions) {
    const key = wordingKey(question.query);
    const at = question.askedAt.getTime();
    const known = byKey.get(key);
    if (!known) byKey.set(key, { text: question.query, count: 1, lastAskedAt: at });
    else {
      known.count += 1;
      if (at > known.lastAskedAt || (at === known.lastAskedAt && question.query < known.text)) {
        known.text = question.query;
        known.lastAskedAt = at;
      }
    }
  }
  return [...byKey.values()].sort(compareWordings);
}

function wordSetsOf(questions: readonly UnansweredQuestion[]): WordSet[] {
  const byKey = new Map<string, WordSet>();
  for (const question of questions) {
    const words = [...new Set(question.words)].sort();
    // A question with no content word ("how?") can only be the same as itself, asked again.
    const key = words.length > 0 ? words.join(' ') : `\u0000${wordingKey(question.query)}`;
    const at = question.askedAt.getTime();
    const known = byKey.get(key);
    if (known) {
      known.questions.push(question);
      known.lastAskedAt = Math.max(known.lastAskedAt, at);
    } else byKey.set(key, { key, words: new Set(words), questions: [question], lastAskedAt: at });
  }
  // Sorted by key so that neighbour lists, and everything after, do not depend on the input order.
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * For each word set, the indexes of the others whose Jaccard similarity with it reaches
 * `minSimilarity`, found by prefix filtering (Bayardo et al., "Scaling up all pairs similarity
 * search", 2007) rather than by comparing every pair: with each set's words ordered rarest first,
 * two sets that similar must share a word among the first |s| − ⌈t·|s|⌉ + 1 of each, and their
 * sizes differ by at most the factor t. A word most questions contain ("password") is then a
 * candidate source only for the few sets whose other words are rarer still, and the exact
 * similarity is computed for the candidates alone.
 */
export function similarWordSets(wordSets: ReadonlyArray<ReadonlySet<string>>, minSimilarity: number): number[][] {
  if (!(minSimilarity > 0 && minSimilarity <= 1)) throw new Error('minSimilarity must be in (0, 1]');
  const frequency = new Map<string, number>();
  for (const words of wordSets) for (const word of words) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  // Each word as its rank, rarest first: a set becomes a sorted array whose head is its prefix,
  // and two sets intersect by one merge of integers.
  const rank = new Map(
    [...frequency.keys()]
      .sort((a, b) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : a > b ? 1 : 0))
      .map((word, position) => [word, position]),
  );
  const ranked = wordSets.map((words) => Int32Array.from([...words].map((word) => rank.get(word)!)).sort());
  // The tolerance keeps ⌈0.7 · 10⌉ at 7 despite 0.7 · 10 being 7.000000000000001 in floating point.
  const prefixLength = (size: number) => size - Math.ceil(minSimilarity * size - 1e-9) + 1;

  const neighbours: number[][] = wordSets.map(() => []);
  const byPrefixWord = new Map<number, number[]>();
  // Which set last put a candidate on its list, so that each pair is judged once.
  const seenBy = new Int32Array(wordSets.length).fill(-1);
  ranked.forEach((words, index) => {
    const prefix = words.subarray(0, Math.min(words.length, prefixLength(words.length)));
    const candidates: number[] = [];
    for (const word of prefix) {
      for (const other of byPrefixWord.get(word) ?? []) {
        if (seenBy[other] === index) continue;
        seenBy[other] = index;
        candidates.push(other);
      }
    }
    for (const other of candidates) {
      const [small, large] = words.length < ranked[other]!.length ? [words, ranked[other]!] : [ranked[other]!, words];
      if (small.length < minSimilarity * large.length - 1e-9) continue;
      if (sortedJaccard(small, large) >= minSimilarity) {
        neighbours[index]!.push(other);
        neighbours[other]!.push(index);
      }
    }
    for (const word of prefix) {
      const postings = byPrefixWord.get(word);
      if (postings) postings.push(index);
      else byPrefixWord.set(word, [index]);
    }
  });
  for (const list of neighbours) list.sort((x, y) => x - y);
  return neighbours;
}

/** jaccard() for two sorted arrays of distinct integers. */
function sortedJaccard(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i]! === b[j]!) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (a[i]! < b[j]!) i += 1;
    else j += 1;
  }
  return shared / (a.length + b.length - shared);
}

/**
 * Groups unanswered questions by what they ask about. Questions with the same normalised words are
 * one point; two points are similar when the Jaccard similarity of their words reaches
 * `minSimilarity`. Greedily, the point that covers the most ungrouped questions (itself and its
 * ungrouped similar points) becomes a group's centre and takes those points; repeat until every
 * point is grouped. Each member is similar to the centre itself, so a chain of small steps
 * ("vpn token" → "vpn token expired" → "expired password") cannot join unrelated subjects as
 * single-link clustering would. Deterministic: the same questions in any order give the same
 * groups. Sorted by count, then distinct askers, then the latest question. O(n²) in the distinct
 * word sets at worst, which is why the caller bounds n.
 */
export function groupKnowledgeGaps(
  questions: readonly UnansweredQuestion[],
  options: GroupingOptions = GROUPING_DEFAULTS,
): KnowledgeGap[] {
  const sets = wordSetsOf(questions);
  const neighbours = similarWordSets(
    sets.map((set) => set.words),
    options.minSimilarity,
  );
  const weight = sets.map((set) => set.questions.length);
  // How many still ungrouped questions a set would gather as a centre; kept current as sets are taken.
  const reach = sets.map((_, index) => weight[index]! + neighbours[index]!.reduce((sum, n) => sum + weight[n]!, 0));
  const grouped = new Array<boolean>(sets.length).fill(false);
  const gaps: KnowledgeGap[] = [];

  const take = (index: number) => {
    grouped[index] = true;
    for (const neighbour of neighbours[index]!) reach[neighbour]! -= weight[index]!;
  };
  const better = (a: number, b: number) =>
    reach[a]! - reach[b]! || weight[a]! - weight[b]! || sets[a]!.lastAskedAt - sets[b]!.lastAskedAt || b - a;

  for (let remaining = sets.length; remaining > 0;) {
    let centre = -1;
    for (let index = 0; index < sets.length; index += 1) {
      if (!grouped[index] && (centre < 0 || better(index, centre) > 0)) centre = index;
    }
    const members = [centre, ...neighbours[centre]!.filter((index) => !grouped[index])];
    for (const member of members) take(member);
    remaining -= members.length;
    gaps.push(
      gapOf(
        sets[centre]!,
        members.map((index) => sets[index]!),
        options.examples,
      ),
    );
  }
  return gaps.sort(
    (a, b) =>
      b.count - a.count ||
      b.distinctAskers - a.distinctAskers ||
      b.lastAskedAt.getTime() - a.lastAskedAt.getTime() ||
      (a.representative < b.representative ? -1 : a.representative > b.representative ? 1 : 0),
  );
}

function gapOf(centre: WordSet, members: readonly WordSet[], examples: number): KnowledgeGap {
  const questions = members.flatMap((member) => member.questions);
  const representative = wordingsOf(centre.questions)[0]!;
  const others = wordingsOf(questions).filter(
    (wording) => wordingKey(wording.text) !== wordingKey(representative.text),
  );
  const times = questions.map((question) => question.askedAt.getTime());
  return {
    representative: representative.text,
    words: [...centre.words],
    count: questions.length,
    distinctAskers: new Set(questions.map((question) => question.askerId)).size,
    examples: others.slice(0, examples).map((wording) => wording.text),
    firstAskedAt: new Date(Math.min(...times)),
    lastAskedAt: new Date(Math.max(...times)),
  };
}

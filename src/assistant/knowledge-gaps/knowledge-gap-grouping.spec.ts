import { groupKnowledgeGaps, jaccard, similarWordSets, type UnansweredQuestion } from './knowledge-gap-grouping';
import { questionWords } from './question-words';

const START = Date.parse('2026-03-02T09:00:00Z');
let minute = 0;
/** A question asked a minute after the previous one, by `askerId`. */
const asked = (query: string, askerId = 'u1', at?: number): UnansweredQuestion => ({
  query,
  words: questionWords(query),
  askerId,
  askedAt: new Date(at ?? START + (minute += 1) * 60_000),
});

beforeEach(() => {
  minute = 0;
});

describe('jaccard', () => {
  it('is shared words over all words, and 0 when either side has none', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
    expect(jaccard(new Set(['a', 'b']), new Set(['a', 'b']))).toBe(1);
    expect(jaccard(new Set(), new Set())).toBe(0);
    expect(jaccard(new Set(['a']), new Set())).toBe(0);
  });
});

describe('grouping unanswered questions', () => {
  it('puts paraphrases together and an unrelated question apart, largest group first', () => {
    const gaps = groupKnowledgeGaps([
      asked('How do I expense a taxi ride?', 'u1'),
      asked('Where do I park my bicycle?', 'u2'),
      asked('Can taxi rides be expensed?', 'u2'),
      asked('can taxi rides be  EXPENSED?', 'u3'),
    ]);
    expect(gaps.map((gap) => [gap.representative, gap.count, gap.distinctAskers])).toEqual([
      ['can taxi rides be  EXPENSED?', 3, 3],
      ['Where do I park my bicycle?', 1, 1],
    ]);
    // The same wording twice (case and spacing aside) is one wording, shown as last asked.
    expect(gaps[0]!.examples).toEqual(['How do I expense a taxi ride?']);
    expect(gaps[0]!.words).toEqual(['expens', 'rid', 'taxi']);
  });

  it('counts questions, distinct askers and the first and last time asked', () => {
    const [gap] = groupKnowledgeGaps([
      asked('parking permit for visitors', 'u1', Date.parse('2026-03-01T08:00:00Z')),
      asked('visitor parking permit', 'u1', Date.parse('2026-03-03T08:00:00Z')),
      asked('parking permit visitor', 'u2', Date.parse('2026-03-02T08:00:00Z')),
    ]);
    expect(gap).toMatchObject({
      count: 3,
      distinctAskers: 2,
      firstAskedAt: new Date('2026-03-01T08:00:00Z'),
      lastAskedAt: new Date('2026-03-03T08:00:00Z'),
    });
  });

  it('takes the most central question as the representative, and its most asked wording', () => {
    // "vpn token" is similar to both of the others, which are not similar to each other.
    const gaps = groupKnowledgeGaps([
      asked('vpn token expired'),
      asked('vpn token'),
      asked('VPN token'),
      asked('vpn token reset'),
      asked('Vpn token'),
    ]);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ representative: 'Vpn token', count: 5 });
    expect(gaps[0]!.examples).toEqual(['vpn token reset', 'vpn token expired']);
  });

  it('does not chain unrelated subjects through a question similar to each', () => {
    // Each question is similar to the next, so single-link clustering would make one group of all.
    const gaps = groupKnowledgeGaps([
      asked('vpn token'),
      asked('vpn token expired'),
      asked('vpn token expired'),
      asked('token expired password'),
      asked('password expired'),
    ]);
    expect(gaps.map((gap) => [gap.representative, gap.count])).toEqual([
      ['vpn token expired', 4],
      ['password expired', 1],
    ]);
  });

  it('keeps questions without content words apart unless they are the same wording', () => {
    const gaps = groupKnowledgeGaps([asked('How?'), asked('how?'), asked('What?')]);
    expect(gaps.map((gap) => [gap.representative, gap.count, gap.words])).toEqual([
      ['how?', 2, []],
      ['What?', 1, []],
    ]);
  });

  it('gives the same groups whatever order the questions come in', () => {
    const questions = [
      asked('expense taxi ride', 'a'),
      asked('taxi rides expensed', 'b'),
      asked('printer toner empty', 'c'),
      asked('toner for the printer', 'd'),
      asked('bicycle parking', 'e'),
      asked('parking for bicycles', 'f'),
      asked('company car policy', 'g'),
    ];
    const expected = groupKnowledgeGaps(questions);
    for (const order of [[...questions].reverse(), [3, 0, 6, 2, 5, 1, 4].map((i) => questions[i]!)]) {
      expect(groupKnowledgeGaps(order)).toEqual(expected);
    }
    expect(expected.map((gap) => gap.count)).toEqual([2, 2, 2, 1]);
  });

  it('orders groups of equal size by distinct askers, then by the latest question', () => {
    const gaps = groupKnowledgeGaps([
      asked('expense taxi ride', 'a'),
      asked('expense taxi ride', 'a'),
      asked('bicycle parking', 'b'),
      asked('bicycle parking', 'c'),
      asked('canteen menu', 'd'),
      asked('canteen menu', 'd'),
    ]);
    expect(gaps.map((gap) => gap.representative)).toEqual(['bicycle parking', 'canteen menu', 'expense taxi ride']);
  });

  it('keeps at most the given number of examples', () => {
    const wordings = [
      'printer jam',
      'printer jams',
      'Printer jammed',
      'printer jamming',
      'jam printer',
      'jammed printer',
    ];
    const [gap] = groupKnowledgeGaps(
      wordings.map((query) => asked(query)),
      { minSimilarity: 0.5, examples: 2 },
    );
    expect(gap!.count).toBe(6);
    expect(gap!.examples).toHaveLength(2);
  });

  it('answers nothing for no questions', () => {
    expect(groupKnowledgeGaps([])).toEqual([]);
  });
});

describe('finding similar word sets', () => {
  /** Every pair compared: what the prefix filter must find, no more and no less. */
  const bruteForce = (sets: Array<Set<string>>, t: number) =>
    sets.map((a, i) => sets.flatMap((b, j) => (i !== j && jaccard(a, b) >= t ? [j] : [])));

  it.each([0.3, 0.5, 0.7, 1])('finds exactly the pairs at or above %p that comparing every pair finds', (t) => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    // Small vocabularies with one word most sets share, as "password" is in many questions.
    const sets = Array.from({ length: 300 }, () => {
      const words = new Set<string>(random() < 0.8 ? ['password'] : []);
      for (let n = 1 + Math.floor(random() * 5); n > 0; n -= 1) words.add(`w${Math.floor(random() * 25)}`);
      return words;
    });
    expect(similarWordSets(sets, t)).toEqual(bruteForce(sets, t));
  });

  it('refuses a threshold outside (0, 1]', () => {
    expect(() => similarWordSets([], 0)).toThrow();
    expect(() => similarWordSets([], 1.5)).toThrow();
  });
});

import type { RetrievedChunk } from '../ai.ports';
import { citedSources, isFollowUp, MIN_LOCAL_SIMILARITY, quotePassages, selectRelevant } from './answer-composer';

const chunk = (overrides: Partial<RetrievedChunk>): RetrievedChunk => ({
  document_id: 'KB-1-AAAAAA',
  title: 'Annual leave policy',
  heading: 'Entitlement',
  text: 'Full-time employees get 25 days of paid vacation. The year runs from January. Ask HR for details.',
  category: 'HR',
  score: 6,
  terms: ['vacation', 'days'],
  retrieval: 'lexical',
  ...overrides,
});

describe('quotePassages', () => {
  it('quotes the passage sentences that match the question, citing the source', () => {
    const quoted = quotePassages('How many vacation days do I get?', [chunk({})]);
    expect(quoted).toContain('Full-time employees get 25 days of paid vacation.');
    expect(quoted).toContain('(source: Annual leave policy, Entitlement)');
    expect(quoted).not.toContain('Ask HR for details');
  });
});

describe('selectRelevant', () => {
  it('keeps nothing below the relevance floor, or when only filler words matched', () => {
    expect(selectRelevant('x', [chunk({ score: 0.4 })])).toEqual([]);
    expect(selectRelevant('how do they', [chunk({ terms: ['how', 'they'] })])).toEqual([]);
    expect(selectRelevant('anything', [])).toEqual([]);
  });

  it('keeps a passage that covers the question', () => {
    expect(selectRelevant('How many vacation days do I get?', [chunk({})])).toHaveLength(1);
  });
});

describe('selectRelevant on hybrid passages', () => {
  const hybrid = (overrides: Partial<RetrievedChunk>) =>
    chunk({ retrieval: 'hybrid', score: 0.1, lexical_score: 0, terms: [], ...overrides });

  it('keeps a passage similar enough in meaning, though it shares no word with the question', () => {
    expect(selectRelevant('I woke up with a fever', [hybrid({ score: MIN_LOCAL_SIMILARITY })])).toHaveLength(1);
    expect(selectRelevant('I woke up with a fever', [hybrid({ score: MIN_LOCAL_SIMILARITY - 0.01 })])).toEqual([]);
  });

  it('keeps a passage the lexical rule accepts, whatever its similarity', () => {
    const worded = hybrid({ lexical_score: 6, terms: ['vacation', 'days'] });
    expect(selectRelevant('How many vacation days do I get?', [worded])).toHaveLength(1);
    expect(selectRelevant('How many vacation days do I get?', [{ ...worded, lexical_score: 1 }])).toEqual([]);
  });
});

describe('citedSources', () => {
  it('cites each document once, with its best passage’s score', () => {
    expect(citedSources([chunk({}), chunk({ heading: 'Carry-over', score: 4 })])).toEqual([
      { document_id: 'KB-1-AAAAAA', title: 'Annual leave policy', score: 6 },
    ]);
  });
});

describe('isFollowUp', () => {
  it.each(['and can I carry them over?', 'What about sick days?', 'how long?', 'is it paid'])(
    '%s is a follow-up',
    (q) => {
      expect(isFollowUp(q)).toBe(true);
    },
  );

  it.each(['How many vacation days do I get per year?', 'VPN client times out after login'])('%s stands alone', (q) => {
    expect(isFollowUp(q)).toBe(false);
  });
});

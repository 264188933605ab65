import type { RetrievedChunk } from '../ai.ports';
import { composeAnswer, isFollowUp, NOTHING_FOUND } from './answer-composer';

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

describe('composeAnswer', () => {
  it('answers from the passage sentences that match the question, citing the source', () => {
    const composed = composeAnswer('How many vacation days do I get?', [chunk({})]);
    expect(composed.answer).toContain('Full-time employees get 25 days of paid vacation.');
    expect(composed.answer).toContain('(source: Annual leave policy, Entitlement)');
    expect(composed.answer).not.toContain('Ask HR for details');
    expect(composed.sources).toEqual([{ document_id: 'KB-1-AAAAAA', title: 'Annual leave policy', score: 6 }]);
  });

  it('abstains below the relevance floor, or when only filler words matched', () => {
    expect(composeAnswer('x', [chunk({ score: 0.4 })])).toEqual({ answer: NOTHING_FOUND, sources: [] });
    expect(composeAnswer('how do they', [chunk({ terms: ['how', 'they'] })])).toEqual({
      answer: NOTHING_FOUND,
      sources: [],
    });
    expect(composeAnswer('anything', [])).toEqual({ answer: NOTHING_FOUND, sources: [] });
  });

  it('cites each document once', () => {
    const composed = composeAnswer('vacation days', [chunk({}), chunk({ heading: 'Carry-over', score: 4 })]);
    expect(composed.sources).toHaveLength(1);
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

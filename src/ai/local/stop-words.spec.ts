import { ANSWER_FILLER_WORDS, RETRIEVAL_STOP_WORDS, ROUTING_STOP_WORDS, TOPIC_STOP_WORDS } from './stop-words';

/**
 * Each set is what its reader was measured with: a changed size or member changes routing,
 * retrieval, trending topics or local answers, and should be a decision, not an accident.
 */
describe('stop words', () => {
  it.each([
    ['routing', ROUTING_STOP_WORDS, 48, ['a', 'the', 'please', 'not', 'like'], ['today', 'where', 'many']],
    ['retrieval', RETRIEVAL_STOP_WORDS, 62, ['a', 'the', 'these', 'must', 'out'], ['please', 'not', 'like']],
    ['topics', TOPIC_STOP_WORDS, 157, ['a', 'the', 'thanks', 'dont', 't'], ['these', 'like', 'vpn']],
    ['answer filler', ANSWER_FILLER_WORDS, 30, ['the', 'how', 'many', 'much', 'about'], ['a', 'it', 'which']],
  ] as const)('the %s set has %i words, among them %j and not %j', (_purpose, set, size, members, absent) => {
    expect(set.size).toBe(size);
    for (const word of members) expect(set.has(word)).toBe(true);
    for (const word of absent) expect(set.has(word)).toBe(false);
  });

  it('shares the common function words across every purpose', () => {
    for (const word of ['the', 'and', 'what', 'how', 'you', 'would'])
      for (const set of [ROUTING_STOP_WORDS, RETRIEVAL_STOP_WORDS, TOPIC_STOP_WORDS, ANSWER_FILLER_WORDS])
        expect(set.has(word)).toBe(true);
  });
});

import { evaluateRetrieval } from '../../eval/retrieval.eval';

/** Floors for retrieval on the starter knowledge base (`npm run eval` prints the figures). */
describe('retrieval quality on the starter knowledge base', () => {
  const metrics = evaluateRetrieval();

  it('puts a passage of the right document first for at least 90% of answerable questions', () => {
    expect(metrics.answerable).toBeGreaterThanOrEqual(15);
    expect(metrics.precisionAt1).toBeGreaterThanOrEqual(0.9);
  });

  it('abstains on at least three quarters of questions the knowledge base cannot answer', () => {
    expect(metrics.abstentionRate).toBeGreaterThanOrEqual(0.75);
  });
});

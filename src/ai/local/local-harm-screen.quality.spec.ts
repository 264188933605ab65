import { evaluateHarmScreen, falsePositivesOnCorpus, type ScreenMetrics } from '../../../eval/harm-screen.eval';
import { splitCorpus } from './data/routing-corpus';

/**
 * Floors on the public evaluation data in ../shared/eval (measured, never trained on; `npm run
 * eval` prints the figures). They guard against regressions: raising recall must not buy false
 * positives on ordinary messages. Skipped where the data is not beside the project.
 */
const metrics = evaluateHarmScreen();
const describeWithData = metrics ? describe : describe.skip;

describeWithData('local harm screen on public data', () => {
  const rate = (file: string, label: string, kind: ScreenMetrics['kind'] = 'recall') =>
    metrics!.find((m) => m.file === file && m.label === label && m.kind === kind)!.rate;

  it('flags at most 1.5% of ordinary text messages and 4% of clean tweets', () => {
    expect(rate('sms_spam.tsv', 'ham', 'false_positive_rate')).toBeLessThanOrEqual(0.015);
    expect(rate('tweets_abusive.tsv', 'clean', 'false_positive_rate')).toBeLessThanOrEqual(0.04);
  });

  it('catches most abusive tweets, a third of SMS spam and known injection prompts', () => {
    expect(rate('tweets_abusive.tsv', 'abusive')).toBeGreaterThanOrEqual(0.7);
    expect(rate('sms_spam.tsv', 'spam')).toBeGreaterThanOrEqual(0.33);
    expect(rate('prompt_injections.tsv', 'jailbreak')).toBeGreaterThanOrEqual(0.45);
  });

  it('is mostly right when it flags: precision on the sets that mix harmful and harmless rows', () => {
    expect(rate('sms_spam.tsv', 'spam', 'precision')).toBeGreaterThanOrEqual(0.8);
    expect(rate('tweets_abusive.tsv', 'abusive', 'precision')).toBeGreaterThanOrEqual(0.95);
  });

  it('catches persuasion jailbreaks that cast the model in a role and cover the request', () => {
    expect(rate('jailbreakbench_pair.tsv', 'jailbreak')).toBeGreaterThanOrEqual(0.45);
  });
});

describe('local harm screen on the project corpus', () => {
  it("flags none of the project's own ordinary IT and HR tickets", () => {
    const { train, heldOut } = splitCorpus();
    expect(falsePositivesOnCorpus([...train, ...heldOut])).toBe(0);
  });
});

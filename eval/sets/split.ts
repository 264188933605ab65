/**
 * Each of the project's own evaluation sets has a part to tune on and a part held back: a rule or
 * a threshold is changed while looking at `tune` only, and `held-back` says how it does on text
 * it was not fitted to. `npm run eval` prints both.
 */
export type EvaluationSplit = 'tune' | 'held-back';
export const EVALUATION_SPLITS: readonly EvaluationSplit[] = ['tune', 'held-back'];

/**
 * Multinomial naive Bayes with Laplace smoothing. Small and transparent on purpose: the router's
 * reason quotes the features that weighed most, which needs the per-feature log-likelihoods.
 */
export interface Prediction<L extends string> {
  label: L;
  /** Posterior probability of the label, 0-1. */
  confidence: number;
  /** Present features ordered by how strongly they favour the label over the others. */
  evidence: Array<{ feature: string; weight: number }>;
}

export class NaiveBayes<L extends string> {
  private readonly counts = new Map<L, Map<string, number>>();
  private readonly totals = new Map<L, number>();
  private readonly documents = new Map<L, number>();
  private readonly vocabulary = new Set<string>();

  constructor(
    private readonly labels: readonly L[],
    private readonly smoothing = 1,
  ) {
    for (const label of labels) {
      this.counts.set(label, new Map());
      this.totals.set(label, 0);
      this.documents.set(label, 0);
    }
  }

  learn(features: readonly string[], label: L): void {
    const counts = this.counts.get(label)!;
    for (const feature of features) {
      counts.set(feature, (counts.get(feature) ?? 0) + 1);
      this.vocabulary.add(feature);
    }
    this.totals.set(label, this.totals.get(label)! + features.length);
    this.documents.set(label, this.documents.get(label)! + 1);
  }

  private logLikelihood(feature: string, label: L): number {
    const count = this.counts.get(label)!.get(feature) ?? 0;
    return Math.log((count + this.smoothing) / (this.totals.get(label)! + this.smoothing * this.vocabulary.size));
  }

  /** Null when none of the features was seen in training: there is no evidence to weigh. */
  predict(features: readonly string[]): Prediction<L> | null {
    const known = features.filter((feature) => this.vocabulary.has(feature));
    if (known.length === 0) return null;
    const allDocuments = [...this.documents.values()].reduce((sum, n) => sum + n, 0);
    const scores = this.labels.map((label) => ({
      label,
      score:
        Math.log(this.documents.get(label)! / allDocuments) +
        known.reduce((sum, feature) => sum + this.logLikelihood(feature, label), 0),
    }));
    scores.sort((a, b) => b.score - a.score);
    const best = scores[0]!;
    const normaliser = scores.reduce((sum, s) => sum + Math.exp(s.score - best.score), 0);
    const others = this.labels.filter((label) => label !== best.label);
    const weights = new Map<string, number>();
    for (const feature of known) {
      const against = Math.max(...others.map((label) => this.logLikelihood(feature, label)));
      weights.set(feature, (weights.get(feature) ?? 0) + this.logLikelihood(feature, best.label) - against);
    }
    const evidence = [...weights.entries()]
      .filter(([, weight]) => weight > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([feature, weight]) => ({ feature, weight }));
    return { label: best.label, confidence: 1 / normaliser, evidence };
  }
}

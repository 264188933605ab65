/** The share of targets met, rounded to 4 places (SLA compliance); null when none settled. */
export function complianceRate(met: number, missed: number): number | null {
  return met + missed === 0 ? null : Math.round((met / (met + missed)) * 10_000) / 10_000;
}

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

/** One figure of a scenario, with its budget when it has one. */
export interface BenchRow {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  /** e.g. "≤ 100" or "≥ 0.5"; absent when the figure is reported, not budgeted. */
  budget?: string;
  pass?: boolean;
}

export function atMost(scenario: string, metric: string, value: number, unit: string, limit: number): BenchRow {
  return { scenario, metric, value, unit, budget: `≤ ${limit}`, pass: value <= limit };
}

export function atLeast(scenario: string, metric: string, value: number, unit: string, floor: number): BenchRow {
  return { scenario, metric, value, unit, budget: `≥ ${floor}`, pass: value >= floor };
}

export function reported(scenario: string, metric: string, value: number, unit: string): BenchRow {
  return { scenario, metric, value, unit };
}

/** The p-th percentile of ascending samples (nearest rank); 0 when there are none. */
export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function printTable(rows: BenchRow[]): void {
  const header = ['scenario', 'metric', 'value', 'unit', 'budget', 'result'];
  const cells = rows.map((row) => [
    row.scenario,
    row.metric,
    String(row.value),
    row.unit,
    row.budget ?? '',
    row.pass === undefined ? '' : row.pass ? 'met' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const c of cells) process.stdout.write(`${line(c)}\n`);
}

export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

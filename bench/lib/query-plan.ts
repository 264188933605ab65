/**
 * What an explain says about the plan, however the server words it: MongoDB's stages and index
 * names (IXSCAN, indexName), FerretDB's SQLite plan lines ("SCAN tickets", "SEARCH … USING
 * INDEX") and its pushdown flags.
 */
export function planStages(explain: unknown): string[] {
  const stages = new Set<string>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'stage' && typeof value === 'string') stages.add(value);
      if (key === 'indexName' && typeof value === 'string') stages.add(`index:${value}`);
      if (key.endsWith('Pushdown')) stages.add(`${key}:${String(value)}`);
      if (key === 'Plan' && Array.isArray(value))
        for (const line of value) stages.add(String(line).replace(/^.*detail=/, 'sqlite:'));
      walk(value);
    }
  };
  // MongoDB lists rejected plans too; only the winning one runs.
  const planner = (explain as { queryPlanner?: { winningPlan?: unknown } }).queryPlanner;
  walk(planner?.winningPlan ?? explain);
  return [...stages];
}

/** Indexes serve the whole query: MongoDB scans only indexes, or SQLite searches one and scans nothing. */
export function usesIndex(stages: string[]): boolean {
  const scans = stages.some((stage) => stage === 'COLLSCAN' || stage.startsWith('sqlite:SCAN '));
  const indexed = stages.some(
    (stage) => stage === 'IXSCAN' || stage.startsWith('index:') || / USING (COVERING )?INDEX /.test(stage),
  );
  return indexed && !scans;
}

/** The stages and index names of the plan a MongoDB-compatible server chose (its explain output). */
export function planStages(explain: unknown): string[] {
  const stages = new Set<string>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'stage' && typeof value === 'string') stages.add(value);
      if (key === 'indexName' && typeof value === 'string') stages.add(`index:${value}`);
      walk(value);
    }
  };
  // MongoDB lists rejected plans too; only the winning one runs.
  const planner = (explain as { queryPlanner?: { winningPlan?: unknown } }).queryPlanner;
  walk(planner?.winningPlan ?? explain);
  return [...stages];
}

/** Indexes serve the whole query: an index scan, and no collection scan anywhere in the plan. */
export function usesIndex(stages: string[]): boolean {
  return stages.some((stage) => stage === 'IXSCAN' || stage.startsWith('index:')) && !stages.includes('COLLSCAN');
}

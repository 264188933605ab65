/**
 * The stages and index names of the plan a MongoDB-compatible server chose (its explain output).
 * Only winning plans are read: MongoDB lists rejected plans too, and an aggregate's explain nests
 * its query's plan (`stages[0].$cursor.queryPlanner` on MongoDB), so every `winningPlan` found
 * anywhere in the output counts; output with none is read whole.
 */
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
  const winning = winningPlans(explain);
  for (const plan of winning.length > 0 ? winning : [explain]) walk(plan);
  return [...stages];
}

function winningPlans(node: unknown): unknown[] {
  if (!node || typeof node !== 'object') return [];
  const found: unknown[] = [];
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'winningPlan') found.push(value);
    else if (key !== 'rejectedPlans') found.push(...winningPlans(value));
  }
  return found;
}

/** Indexes serve the whole query: an index scan, and no collection scan anywhere in the plan. */
export function usesIndex(stages: string[]): boolean {
  return stages.some((stage) => stage === 'IXSCAN' || stage.startsWith('index:')) && !stages.includes('COLLSCAN');
}

/**
 * A page of a list straight off an index: an index scan that also gives the order, so no SORT stage
 * (an in-memory sort reads every match before the first row; SORT_MERGE of index scans is fine).
 */
export function servesPageFromIndex(stages: string[]): boolean {
  return usesIndex(stages) && !stages.includes('SORT');
}

import { planStages, servesPageFromIndex, usesIndex } from './query-plan';

describe('reading query plans from explain output', () => {
  it('reads a collection scan as not indexed', () => {
    const scanned = {
      queryPlanner: {
        winningPlan: { stage: 'LIMIT', inputStage: { stage: 'SORT', inputStage: { stage: 'COLLSCAN' } } },
      },
    };
    expect(planStages(scanned)).toEqual(['LIMIT', 'SORT', 'COLLSCAN']);
    expect(usesIndex(planStages(scanned))).toBe(false);
  });

  it("reads only MongoDB's winning plan, not the rejected ones", () => {
    const mongo = {
      queryPlanner: {
        winningPlan: {
          stage: 'LIMIT',
          inputStage: {
            stage: 'SORT_MERGE',
            inputStages: [
              { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'department_1_created_at_-1' } },
              { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'assignee_id_1_status_1_created_at_-1' } },
            ],
          },
        },
        rejectedPlans: [{ stage: 'SORT', inputStage: { stage: 'COLLSCAN' } }],
      },
    };
    const stages = planStages(mongo);
    expect(stages).toContain('index:department_1_created_at_-1');
    expect(stages).not.toContain('COLLSCAN');
    expect(usesIndex(stages)).toBe(true);
  });

  it('refuses a plan with a collection scan anywhere in it', () => {
    const partly = {
      queryPlanner: {
        winningPlan: {
          stage: 'OR',
          inputStages: [{ stage: 'IXSCAN', indexName: 'department_1_created_at_-1' }, { stage: 'COLLSCAN' }],
        },
      },
    };
    expect(usesIndex(planStages(partly))).toBe(false);
  });

  it("reads an aggregate's nested query plan, and only its winning plan", () => {
    const aggregate = {
      stages: [
        {
          $cursor: {
            queryPlanner: {
              winningPlan: { stage: 'COUNT_SCAN', indexName: 'user_id_1_created_at_-1__id_-1' },
              rejectedPlans: [{ stage: 'COLLSCAN' }],
            },
          },
        },
        { $group: { _id: 1, n: { $sum: 1 } } },
      ],
    };
    expect(planStages(aggregate)).toEqual(['COUNT_SCAN', 'index:user_id_1_created_at_-1__id_-1']);
    expect(usesIndex(planStages(aggregate))).toBe(true);
  });

  it('serves a page from an index only when the index also gives the order', () => {
    const sortedInMemory = {
      queryPlanner: {
        winningPlan: {
          stage: 'SORT',
          inputStage: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'role_1_is_active_1' } },
        },
      },
    };
    const merged = {
      queryPlanner: {
        winningPlan: {
          stage: 'LIMIT',
          inputStage: {
            stage: 'FETCH',
            inputStage: { stage: 'SORT_MERGE', inputStages: [{ stage: 'IXSCAN', indexName: 'agent_keys_1' }] },
          },
        },
      },
    };
    expect(usesIndex(planStages(sortedInMemory))).toBe(true);
    expect(servesPageFromIndex(planStages(sortedInMemory))).toBe(false);
    expect(servesPageFromIndex(planStages(merged))).toBe(true);
  });
});

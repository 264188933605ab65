import { planStages, usesIndex } from './query-plan';

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
});

import { planStages, usesIndex } from './query-plan';

describe('reading query plans from explain output', () => {
  it("reads FerretDB's SQLite plan: a whole-table scan with nothing pushed down", () => {
    const ferret = {
      queryPlanner: { Plan: ['id=2 parent=0 notused=0 detail=SCAN tickets_ba4fb522'] },
      filterPushdown: false,
      sortPushdown: false,
      limitPushdown: false,
      ok: 1,
    };
    expect(planStages(ferret)).toEqual([
      'sqlite:SCAN tickets_ba4fb522',
      'filterPushdown:false',
      'sortPushdown:false',
      'limitPushdown:false',
    ]);
    expect(usesIndex(planStages(ferret))).toBe(false);
  });

  it('counts an SQLite index search as indexed', () => {
    const searched = { queryPlanner: { Plan: ['id=3 parent=0 notused=0 detail=SEARCH t USING INDEX t_user (x=?)'] } };
    expect(usesIndex(planStages(searched))).toBe(true);
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

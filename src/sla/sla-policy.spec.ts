import { DEFAULT_SLA_POLICY, policyProblems, TARGET_HORIZON_WEEKS, TIME_ZONES, type SlaPolicy } from './sla-policy';

const policy = (changes: Partial<SlaPolicy>): SlaPolicy => ({ ...structuredClone(DEFAULT_SLA_POLICY), ...changes });
const OFFICE = { time_zone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

describe('policyProblems', () => {
  it('accepts the defaults and an office calendar', () => {
    expect(policyProblems(DEFAULT_SLA_POLICY)).toEqual([]);
    expect(policyProblems(policy({ business_hours: OFFICE, holidays: ['2026-12-25'] }))).toEqual([]);
  });

  it('refuses a first response due after the resolution', () => {
    const targets = { ...DEFAULT_SLA_POLICY.targets, low: { first_response_minutes: 100, resolution_minutes: 99 } };
    expect(policyProblems(policy({ targets }))).toEqual([
      { field: 'targets.low.first_response_minutes', problems: ['must not be more than resolution_minutes'] },
    ]);
  });

  it('refuses hours that close before they open, and dates that do not exist', () => {
    const problems = policyProblems(
      policy({ business_hours: { ...OFFICE, start: '17:00', end: '09:00' }, holidays: ['2026-02-30'] }),
    );
    expect(problems.map((p) => p.field)).toEqual(['business_hours.end', 'holidays.0']);
  });

  it('refuses a target the calendar cannot fit within the horizon', () => {
    // Half an hour a week is 3,120 minutes in 104 weeks: the low urgency's 72 hours do not fit.
    const halfAnHourAWeek = { time_zone: 'UTC', days: [1], start: '09:00', end: '09:30' };
    const [problem] = policyProblems(policy({ business_hours: halfAnHourAWeek }));
    expect(problem!.field).toBe('targets');
    expect(problem!.problems[0]).toContain(`${TARGET_HORIZON_WEEKS} weeks`);
  });

  it('knows UTC and the usual IANA zones', () => {
    expect(TIME_ZONES).toEqual(expect.arrayContaining(['UTC', 'Europe/Berlin', 'America/New_York']));
  });
});

import { DEFAULT_SLA_POLICY, type SlaPolicy } from './sla-policy';
import { restartResolution, startSla, withUrgency } from './ticket-sla';

const START = new Date('2026-12-03T10:00:00Z');
const hours = (n: number, from = START) => new Date(from.getTime() + n * 3_600_000);

describe('a ticket’s SLA clock', () => {
  it('starts with the urgency’s targets, and turns at risk at 80 % of each', () => {
    expect(startSla(START, 'high', DEFAULT_SLA_POLICY)).toEqual({
      first_response_due: hours(1),
      resolution_due: hours(8),
      first_response_at: null,
      first_response_breached: false,
      resolution_breached: false,
      started_at: START,
      first_response_warning_at: hours(0.8),
      resolution_warning_at: hours(6.4),
      resolution_started_at: START,
    });
  });

  it('counts working time only when the policy has business hours', () => {
    const office: SlaPolicy = {
      ...DEFAULT_SLA_POLICY,
      business_hours: { time_zone: 'UTC', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
    };
    // Thursday 10:00 + 8 working hours: Friday 10:00.
    expect(startSla(START, 'high', office).resolution_due).toEqual(new Date('2026-12-04T10:00:00Z'));
  });

  it('re-times both targets from the start when the urgency changes, keeping what was recorded', () => {
    const answered = { ...startSla(START, 'low', DEFAULT_SLA_POLICY), first_response_at: hours(2) };
    const raised = withUrgency(answered, 'high', DEFAULT_SLA_POLICY);
    expect(raised).toMatchObject({
      first_response_due: hours(1),
      resolution_due: hours(8),
      first_response_at: hours(2),
    });
  });

  it('owes a full resolution again from a reopen, with its breach to be raised afresh', () => {
    const breached = { ...startSla(START, 'medium', DEFAULT_SLA_POLICY), resolution_breached: true };
    const reopenedAt = hours(30);
    const reopened = restartResolution(breached, reopenedAt, 'medium', DEFAULT_SLA_POLICY);
    expect(reopened).toMatchObject({
      resolution_due: hours(24, reopenedAt),
      resolution_warning_at: hours(24 * 0.8, reopenedAt),
      resolution_breached: false,
      resolution_started_at: reopenedAt,
      first_response_due: breached.first_response_due,
    });
    // A later urgency change counts the resolution from the reopen, not from the creation.
    expect(withUrgency(reopened, 'high', DEFAULT_SLA_POLICY).resolution_due).toEqual(hours(8, reopenedAt));
  });
});

import { DEFAULT_SLA_POLICY, type SlaPolicy } from './sla-policy';
import { dueAlerts, restartResolution, startSla, withUrgency } from './ticket-sla';

const START = new Date('2026-12-03T10:00:00Z');
const hours = (n: number, from = START) => new Date(from.getTime() + n * 3_600_000);

describe('a ticket’s SLA clock', () => {
  it('starts with the urgency’s targets, turns at risk at 80 % of each, and owes the first response first', () => {
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
      first_response_warned: false,
      resolution_warned: false,
      escalated_at: null,
      next_due_at: hours(1),
      next_warning_at: hours(0.8),
      next_check_at: hours(0.8),
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

  it('starts a released ticket that was answered before it was held owing only its resolution', () => {
    expect(startSla(START, 'high', DEFAULT_SLA_POLICY, hours(-1))).toMatchObject({
      first_response_at: hours(-1),
      next_due_at: hours(8),
      next_warning_at: hours(6.4),
      next_check_at: hours(6.4),
    });
  });

  it('re-times both targets from the start when the urgency changes, keeping what was recorded', () => {
    const answered = {
      ...startSla(START, 'low', DEFAULT_SLA_POLICY),
      first_response_at: hours(2),
      resolution_warned: true,
    };
    expect(withUrgency(answered, 'high', DEFAULT_SLA_POLICY, true)).toMatchObject({
      first_response_due: hours(1),
      resolution_due: hours(8),
      first_response_at: hours(2),
      resolution_warned: true,
      next_due_at: hours(8),
      // The resolution's warning was raised: next the job has its breach to raise.
      next_check_at: hours(8),
    });
    // On a resolved ticket the new due times are kept for the record, and nothing is owed.
    expect(withUrgency(answered, 'high', DEFAULT_SLA_POLICY, false)).toMatchObject({
      resolution_due: hours(8),
      next_due_at: null,
      next_warning_at: null,
      next_check_at: null,
    });
  });

  it('owes a full resolution again from a reopen, with its warning, breach and escalation raised afresh', () => {
    const breached = {
      ...startSla(START, 'medium', DEFAULT_SLA_POLICY),
      first_response_at: hours(1),
      resolution_warned: true,
      resolution_breached: true,
      escalated_at: hours(24),
    };
    const reopenedAt = hours(30);
    const reopened = restartResolution(breached, reopenedAt, 'medium', DEFAULT_SLA_POLICY);
    expect(reopened).toMatchObject({
      resolution_due: hours(24, reopenedAt),
      resolution_warning_at: hours(24 * 0.8, reopenedAt),
      resolution_warned: false,
      resolution_breached: false,
      escalated_at: null,
      resolution_started_at: reopenedAt,
      first_response_due: breached.first_response_due,
      next_due_at: hours(24, reopenedAt),
      next_check_at: hours(24 * 0.8, reopenedAt),
    });
    // A later urgency change counts the resolution from the reopen, not from the creation.
    expect(withUrgency(reopened, 'high', DEFAULT_SLA_POLICY, true).resolution_due).toEqual(hours(8, reopenedAt));
  });
});

describe('what the SLA job raises', () => {
  const clock = startSla(START, 'high', DEFAULT_SLA_POLICY);

  it('raises nothing before 80 % of a target, and says when to look again', () => {
    const { alerts, after } = dueAlerts(clock, true, hours(0.5));
    expect(alerts).toEqual([]);
    expect(after).toEqual(clock);
  });

  it('warns at 80 %, once: the next look is the breach', () => {
    const first = dueAlerts(clock, true, hours(0.8));
    expect(first.alerts).toEqual([{ target: 'first_response', kind: 'warning', due_at: hours(1) }]);
    expect(first.after).toMatchObject({ first_response_warned: true, next_check_at: hours(1) });
    expect(dueAlerts(first.after, true, hours(0.9)).alerts).toEqual([]);
  });

  it('raises a breach past the due time, once, and marks its warning as raised with it', () => {
    const { alerts, after } = dueAlerts(clock, true, hours(1.5));
    expect(alerts).toEqual([{ target: 'first_response', kind: 'breach', due_at: hours(1) }]);
    expect(after).toMatchObject({
      first_response_warned: true,
      first_response_breached: true,
      escalated_at: null,
      next_check_at: hours(6.4),
    });
    expect(dueAlerts(after, true, hours(2)).alerts).toEqual([]);
  });

  it('escalates a resolution breach, and raises both targets found late in one look', () => {
    const now = hours(9);
    const { alerts, after } = dueAlerts(clock, true, now);
    expect(alerts).toEqual([
      { target: 'first_response', kind: 'breach', due_at: hours(1) },
      { target: 'resolution', kind: 'breach', due_at: hours(8) },
    ]);
    expect(after).toMatchObject({
      first_response_breached: true,
      resolution_breached: true,
      resolution_warned: true,
      escalated_at: now,
      next_check_at: null,
      // Still overdue: the ticket stays in the breached list until it is answered and resolved.
      next_due_at: hours(1),
    });
  });

  it('raises nothing on an answered target or a settled ticket, and drops it from its queue', () => {
    const answered = { ...clock, first_response_at: hours(0.5) };
    expect(dueAlerts(answered, true, hours(2)).alerts).toEqual([]);
    const settled = dueAlerts(clock, false, hours(20));
    expect(settled.alerts).toEqual([]);
    expect(settled.after).toMatchObject({ next_check_at: null, next_due_at: null, first_response_breached: false });
  });
});

import type { Urgency } from '../domain/ticket-status';
import { addWorkingMinutes } from './business-calendar';
import type { SlaPolicy } from './sla-policy';

/** The share of a target after which a ticket is at risk (SPEC §11.2: 80 %). */
export const WARNING_SHARE = 0.8;

export const SLA_TARGETS = ['first_response', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

/**
 * A ticket's service-level clock (SPEC §11.2). The first five fields are the API's `sla`; the
 * rest are what the scheduled job and the SLA lists read. Due times are worked out once, when the
 * clock starts or a move restarts it, from the policy in force then: a later policy change leaves
 * tickets with the due times they were given.
 */
export interface TicketSla {
  first_response_due: Date;
  resolution_due: Date;
  first_response_at: Date | null;
  first_response_breached: boolean;
  resolution_breached: boolean;
  started_at: Date;
  first_response_warning_at: Date;
  resolution_warning_at: Date;
  /** When the resolution clock last started: the ticket's start, or its latest reopen. */
  resolution_started_at: Date;
  /** Whether the job raised the target's `sla_warning` (once per target and cycle). */
  first_response_warned: boolean;
  resolution_warned: boolean;
  /** When the job escalated the resolution breach of this cycle; null before. */
  escalated_at: Date | null;
  /**
   * The earliest due time, and its warning time, of the targets the ticket still owes (the first
   * response until it is given, the resolution until the ticket is resolved or closed); null once it owes
   * none. `?sla=breached` is `next_due_at` passed, `?sla=at_risk` is between the two.
   */
  next_due_at: Date | null;
  next_warning_at: Date | null;
  /**
   * When the job has something to raise next (a warning or a breach not raised yet), or null.
   * Only ever early, never late: a writer that cannot know the exact time (a reply racing an
   * edit) leaves it earlier, and the job, finding nothing to raise then, moves it on.
   */
  next_check_at: Date | null;
}

/** The raised-once marks of a target, by name, for code that treats both targets alike. */
export const TARGET_FIELDS = {
  first_response: {
    due: 'first_response_due',
    warning: 'first_response_warning_at',
    warned: 'first_response_warned',
    breached: 'first_response_breached',
  },
  resolution: {
    due: 'resolution_due',
    warning: 'resolution_warning_at',
    warned: 'resolution_warned',
    breached: 'resolution_breached',
  },
} as const satisfies Record<SlaTarget, Record<string, keyof TicketSla>>;

/** The clock's own fields, without what is derived from them and the ticket's state. */
type SlaClock = Omit<TicketSla, 'next_due_at' | 'next_warning_at' | 'next_check_at'>;

/** The targets a ticket owes: none once resolved or closed; the first response until given. */
export function owedTargets(sla: Pick<TicketSla, 'first_response_at'>, unsettled: boolean): SlaTarget[] {
  if (!unsettled) return [];
  return sla.first_response_at === null ? ['first_response', 'resolution'] : ['resolution'];
}

function earliest(dates: Date[]): Date | null {
  return dates.length === 0 ? null : new Date(Math.min(...dates.map((date) => date.getTime())));
}

/** The clock with its derived fields, on a ticket that is `unsettled` (not resolved or closed) or settled. */
export function scheduled(clock: SlaClock, unsettled: boolean): TicketSla {
  const owed = owedTargets(clock, unsettled);
  const pending: Date[] = [];
  for (const target of owed) {
    const fields = TARGET_FIELDS[target];
    if (clock[fields.breached]) continue;
    if (!clock[fields.warned]) pending.push(clock[fields.warning]);
    pending.push(clock[fields.due]);
  }
  return {
    ...clock,
    next_due_at: earliest(owed.map((target) => clock[TARGET_FIELDS[target].due])),
    next_warning_at: earliest(owed.map((target) => clock[TARGET_FIELDS[target].warning])),
    next_check_at: earliest(pending),
  };
}

function dueTimes(start: Date, minutes: number, policy: SlaPolicy): { due: Date; warning: Date } {
  return {
    due: addWorkingMinutes(start, minutes, policy),
    warning: addWorkingMinutes(start, minutes * WARNING_SHARE, policy),
  };
}

/**
 * The clock of a ticket entering a department's queue at `start` (intake, or its release from
 * review); a ticket held after an edit may have been answered already, and stays answered.
 */
export function startSla(
  start: Date,
  urgency: Urgency,
  policy: SlaPolicy,
  firstResponseAt: Date | null = null,
): TicketSla {
  const target = policy.targets[urgency];
  const firstResponse = dueTimes(start, target.first_response_minutes, policy);
  const resolution = dueTimes(start, target.resolution_minutes, policy);
  return scheduled(
    {
      first_response_due: firstResponse.due,
      resolution_due: resolution.due,
      first_response_at: firstResponseAt,
      first_response_breached: false,
      resolution_breached: false,
      started_at: start,
      first_response_warning_at: firstResponse.warning,
      resolution_warning_at: resolution.warning,
      resolution_started_at: start,
      first_response_warned: false,
      resolution_warned: false,
      escalated_at: null,
    },
    true,
  );
}

/**
 * A new urgency holds the ticket to that urgency's targets, counted from when its clocks started
 * (raising a week-old ticket to high makes it overdue now). Whatever was already recorded, a
 * first response, a warning or a breach, stays recorded: each is raised once per target.
 */
export function withUrgency(sla: TicketSla, urgency: Urgency, policy: SlaPolicy, unsettled: boolean): TicketSla {
  const target = policy.targets[urgency];
  const firstResponse = dueTimes(sla.started_at, target.first_response_minutes, policy);
  const resolution = dueTimes(sla.resolution_started_at, target.resolution_minutes, policy);
  return scheduled(
    {
      ...sla,
      first_response_due: firstResponse.due,
      first_response_warning_at: firstResponse.warning,
      resolution_due: resolution.due,
      resolution_warning_at: resolution.warning,
    },
    unsettled,
  );
}

/**
 * A reopened ticket owes a resolution again: a full resolution target from the reopen, with its
 * warning, breach and escalation to be raised afresh (the earlier ones stay in the ticket's
 * history). The first response was given and stays.
 */
export function restartResolution(sla: TicketSla, at: Date, urgency: Urgency, policy: SlaPolicy): TicketSla {
  const resolution = dueTimes(at, policy.targets[urgency].resolution_minutes, policy);
  return scheduled(
    {
      ...sla,
      resolution_due: resolution.due,
      resolution_warning_at: resolution.warning,
      resolution_warned: false,
      resolution_breached: false,
      escalated_at: null,
      resolution_started_at: at,
    },
    true,
  );
}

/** What the job raises: a target at 80 % (`warning`) or past its due time (`breach`). */
export interface SlaAlert {
  target: SlaTarget;
  kind: 'warning' | 'breach';
  due_at: Date;
}

/**
 * What the job raises on a ticket at `now`, and the clock after it. A target found past its due
 * time is raised as a breach only, its warning marked as raised with it: told late (the job was
 * down), a warning after the fact is noise. A resolution breach escalates.
 */
export function dueAlerts(sla: TicketSla, unsettled: boolean, now: Date): { alerts: SlaAlert[]; after: TicketSla } {
  const alerts: SlaAlert[] = [];
  const clock: TicketSla = { ...sla };
  for (const target of owedTargets(sla, unsettled)) {
    const fields = TARGET_FIELDS[target];
    if (clock[fields.breached]) continue;
    const dueAt = clock[fields.due];
    if (dueAt <= now) {
      alerts.push({ target, kind: 'breach', due_at: dueAt });
      clock[fields.breached] = true;
      clock[fields.warned] = true;
      if (target === 'resolution') clock.escalated_at = now;
    } else if (!clock[fields.warned] && clock[fields.warning] <= now) {
      alerts.push({ target, kind: 'warning', due_at: dueAt });
      clock[fields.warned] = true;
    }
  }
  return { alerts, after: scheduled(clock, unsettled) };
}

import type { Urgency } from '../domain/ticket-status';
import { addWorkingMinutes } from './business-calendar';
import type { SlaPolicy } from './sla-policy';

/** The share of a target after which a ticket is at risk (SPEC §11.2: 80 %). */
export const WARNING_SHARE = 0.8;

/**
 * A ticket's service-level clock (SPEC §11.2). The first five fields are the API's `sla`; the
 * rest are what the scheduled job reads: when the clock started and when each target turns "at
 * risk". Due times are worked out once, when the clock starts or a move restarts it, from the
 * policy in force then: a later policy change leaves tickets with the due times they were given.
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
}

function dueTimes(start: Date, minutes: number, policy: SlaPolicy): { due: Date; warning: Date } {
  return {
    due: addWorkingMinutes(start, minutes, policy),
    warning: addWorkingMinutes(start, minutes * WARNING_SHARE, policy),
  };
}

/** The clock of a ticket entering a department's queue at `start` (intake, or its release from review). */
export function startSla(start: Date, urgency: Urgency, policy: SlaPolicy): TicketSla {
  const target = policy.targets[urgency];
  const firstResponse = dueTimes(start, target.first_response_minutes, policy);
  const resolution = dueTimes(start, target.resolution_minutes, policy);
  return {
    first_response_due: firstResponse.due,
    resolution_due: resolution.due,
    first_response_at: null,
    first_response_breached: false,
    resolution_breached: false,
    started_at: start,
    first_response_warning_at: firstResponse.warning,
    resolution_warning_at: resolution.warning,
    resolution_started_at: start,
  };
}

/**
 * A new urgency holds the ticket to that urgency's targets, counted from when its clocks started
 * (raising a week-old ticket to high makes it overdue now). Whatever was already recorded, a
 * first response or a breach, stays recorded.
 */
export function withUrgency(sla: TicketSla, urgency: Urgency, policy: SlaPolicy): TicketSla {
  const target = policy.targets[urgency];
  const firstResponse = dueTimes(sla.started_at, target.first_response_minutes, policy);
  const resolution = dueTimes(sla.resolution_started_at, target.resolution_minutes, policy);
  return {
    ...sla,
    first_response_due: firstResponse.due,
    first_response_warning_at: firstResponse.warning,
    resolution_due: resolution.due,
    resolution_warning_at: resolution.warning,
  };
}

/**
 * A reopened ticket owes a resolution again: a full resolution target from the reopen, with its
 * warning and breach to be raised afresh (the earlier breach stays in the ticket's history). The
 * first response was given and stays.
 */
export function restartResolution(sla: TicketSla, at: Date, urgency: Urgency, policy: SlaPolicy): TicketSla {
  const resolution = dueTimes(at, policy.targets[urgency].resolution_minutes, policy);
  return {
    ...sla,
    resolution_due: resolution.due,
    resolution_warning_at: resolution.warning,
    resolution_breached: false,
    resolution_started_at: at,
  };
}

import { DateTime } from 'luxon';
import type { FieldProblem } from '../common/http/validation';
import { URGENCIES, type Urgency } from '../domain/ticket-status';
import { minutesOfDay, type BusinessCalendar, type BusinessHours } from './business-calendar';

/** Working minutes a ticket of one urgency may wait for its first response and for its resolution. */
export interface UrgencyTarget {
  first_response_minutes: number;
  resolution_minutes: number;
}

/** The SLA policy (SPEC §11.2): targets per urgency, and when their clock runs. */
export interface SlaPolicy extends BusinessCalendar {
  targets: Record<Urgency, UrgencyTarget>;
  /**
   * Whether a resolution breach also takes the ticket from its agent to the least-loaded other
   * active agent of its department (escalation is always the admins' alert and queue).
   */
  reassign_on_breach: boolean;
}

/** SPEC §11.2's defaults: high 1 h / 8 h, medium 4 h / 24 h, low 8 h / 72 h, around the clock. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  targets: {
    high: { first_response_minutes: 60, resolution_minutes: 8 * 60 },
    medium: { first_response_minutes: 4 * 60, resolution_minutes: 24 * 60 },
    low: { first_response_minutes: 8 * 60, resolution_minutes: 72 * 60 },
  },
  business_hours: null,
  holidays: [],
  reassign_on_breach: false,
};

/** A target of more than 90 days of working time is no service level. */
export const MAX_TARGET_MINUTES = 90 * 24 * 60;
export const MAX_HOLIDAYS = 100;
/**
 * Every target must fit within this many weeks of the calendar's working time, holidays taken
 * out: a due time is then always found well inside the calendar walk's horizon (three years).
 */
export const TARGET_HORIZON_WEEKS = 104;

export const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/** `end` may also be 24:00, the end of the day. */
export const HH_MM_OR_MIDNIGHT = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Zone names the policy accepts: the runtime's IANA zones (ICU's canonical names) and UTC. */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone')];

/** Working minutes in a week without holidays. */
export function weeklyWorkingMinutes(hours: BusinessHours | null): number {
  return hours ? hours.days.length * (minutesOfDay(hours.end) - minutesOfDay(hours.start)) : 7 * 24 * 60;
}

/**
 * The rules between a policy's fields that the request's shape cannot state, one problem per
 * offending field (dotted, as validation names nested fields); empty when the policy may be stored.
 */
export function policyProblems(policy: SlaPolicy): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const urgency of URGENCIES) {
    const target = policy.targets[urgency];
    if (target.first_response_minutes > target.resolution_minutes) {
      problems.push({
        field: `targets.${urgency}.first_response_minutes`,
        problems: ['must not be more than resolution_minutes'],
      });
    }
  }
  const hours = policy.business_hours;
  if (hours && minutesOfDay(hours.start) >= minutesOfDay(hours.end)) {
    problems.push({ field: 'business_hours.end', problems: ['must be later than start'] });
  }
  policy.holidays.forEach((day, index) => {
    if (!DateTime.fromISO(day, { zone: 'UTC' }).isValid) {
      problems.push({ field: `holidays.${index}`, problems: ['must be a calendar date (YYYY-MM-DD)'] });
    }
  });
  if (problems.length > 0) return problems;

  const window = hours ? minutesOfDay(hours.end) - minutesOfDay(hours.start) : 24 * 60;
  const available = TARGET_HORIZON_WEEKS * weeklyWorkingMinutes(hours) - policy.holidays.length * window;
  const longest = Math.max(...URGENCIES.map((urgency) => policy.targets[urgency].resolution_minutes));
  if (longest > available) {
    problems.push({
      field: 'targets',
      problems: [
        `every target must fit within ${TARGET_HORIZON_WEEKS} weeks of working time (${available} minutes with ` +
          `these hours and holidays); the longest is ${longest}`,
      ],
    });
  }
  return problems;
}

import { DEPARTMENTS } from '../domain/department';
import { TICKET_STATUSES, URGENCIES } from '../domain/ticket-status';
import type { TicketMoment } from '../tickets/ticket-reports.repository';
import { daysIn, weekOf, type DateRange } from './analytics-range';
import type { ResolutionDistributionDto, TicketsPerUserDto, TimeBucketDto } from './dto/analytics-response.dto';

/**
 * The fixed buckets the analytics answers show, filled from what the reporting repository
 * counted: every answer lists every bucket, zeros included, whatever the data held. Pure
 * functions (perMoment only fans one question out over the moments), so unit specs cover them.
 */

export const STATUS_KEYS = TICKET_STATUSES;
export const URGENCY_KEYS = URGENCIES;
/** Departments as analytics name them: a ticket held for review has none yet ("unrouted"). */
export const DEPARTMENT_KEYS = [...DEPARTMENTS, 'unrouted'] as const;
export type DepartmentKey = (typeof DEPARTMENT_KEYS)[number];
/** The lifecycle moments ranged figures count a ticket at, in the order answers list them. */
export const LIFECYCLE_MOMENTS: readonly TicketMoment[] = ['created', 'resolved', 'closed'];
export type MomentCounts = Record<TicketMoment, number>;

/** Requesters' tickets-per-user buckets: [label, lowest, highest]. */
const ACTIVITY_BUCKETS: Array<[keyof TicketsPerUserDto, number, number]> = [
  ['1', 1, 1],
  ['2-3', 2, 3],
  ['4-5', 4, 5],
  ['6-10', 6, 10],
  ['11+', 11, Number.POSITIVE_INFINITY],
];

/** Resolution-time buckets: [label, upper bound in seconds (exclusive)], each starting where the last ended. */
const RESOLUTION_BUCKETS: Array<[keyof ResolutionDistributionDto, number]> = [
  ['under_1h', 3600],
  ['1h_to_4h', 4 * 3600],
  ['4h_to_24h', 86_400],
  ['1d_to_3d', 3 * 86_400],
  ['3d_to_7d', 7 * 86_400],
  ['over_7d', Number.POSITIVE_INFINITY],
];

/** A stored department ("IT", "HR", or "null" for none) as the answers name it. */
export function departmentKey(stored: string): DepartmentKey {
  return stored === 'IT' || stored === 'HR' ? stored : 'unrouted';
}

/**
 * Every key with its count, zero when the data had none. `keyOf` maps a stored value onto a key
 * (several may share one, whose counts add up); by default the stored value is the key.
 */
export function countsFor<K extends string>(
  keys: readonly K[],
  counts: Map<string, number>,
  keyOf: (stored: string) => K = (stored) => stored as K,
): Record<K, number> {
  const result = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const [stored, n] of counts) result[keyOf(stored)] += n;
  return result;
}

/** The same question asked of each lifecycle moment at once, the answers keyed by moment. */
export async function perMoment<T>(ask: (moment: TicketMoment) => Promise<T>): Promise<Record<TicketMoment, T>> {
  const [created, resolved, closed] = await Promise.all(LIFECYCLE_MOMENTS.map(ask));
  return { created: created!, resolved: resolved!, closed: closed! };
}

/** Per department key, how many tickets reached each moment, from each moment's counts per stored department. */
export function momentsByDepartment(
  perDepartment: Record<TicketMoment, Map<string, number>>,
): Record<DepartmentKey, MomentCounts> {
  const departments = Object.fromEntries(
    DEPARTMENT_KEYS.map((key) => [key, { created: 0, resolved: 0, closed: 0 }]),
  ) as Record<DepartmentKey, MomentCounts>;
  for (const moment of LIFECYCLE_MOMENTS)
    for (const [department, n] of perDepartment[moment]) departments[departmentKey(department)][moment] += n;
  return departments;
}

/**
 * Every UTC day of the range, or every ISO week (Monday-based) it touches, oldest first, with the
 * per-day counts of each moment summed into it; days without tickets count zero.
 */
export function timeBuckets(
  range: DateRange,
  granularity: 'day' | 'week',
  perDay: Record<TicketMoment, Map<string, number>>,
): TimeBucketDto[] {
  const buckets = new Map<string, MomentCounts>();
  for (const day of daysIn(range)) {
    const start = granularity === 'week' ? weekOf(day) : day;
    let bucket = buckets.get(start);
    if (!bucket) buckets.set(start, (bucket = { created: 0, resolved: 0, closed: 0 }));
    for (const moment of LIFECYCLE_MOMENTS) bucket[moment] += perDay[moment].get(day) ?? 0;
  }
  return [...buckets].map(([start, counts]) => ({ start, ...counts }));
}

/** How many resolution times fall in each bucket (lower bound inclusive, upper exclusive). */
export function resolutionDistribution(seconds: readonly number[]): ResolutionDistributionDto {
  let lower = 0;
  return Object.fromEntries(
    RESOLUTION_BUCKETS.map(([label, upper]) => {
      const n = seconds.filter((s) => s >= lower && s < upper).length;
      lower = upper;
      return [label, n];
    }),
  ) as Record<keyof ResolutionDistributionDto, number>;
}

/** How many requesters raised 1, 2–3, 4–5, 6–10 and 11 or more tickets. */
export function ticketsPerUserDistribution(ticketsPerRequester: readonly number[]): TicketsPerUserDto {
  return Object.fromEntries(
    ACTIVITY_BUCKETS.map(([label, low, high]) => [
      label,
      ticketsPerRequester.filter((tickets) => tickets >= low && tickets <= high).length,
    ]),
  ) as Record<keyof TicketsPerUserDto, number>;
}

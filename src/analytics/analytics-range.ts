import { AppError } from '../common/errors/app-error';
import { utcDay } from '../common/utc-day';

const DAY_MS = 86_400_000;
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;

/** A half-open range [from, to) of instants, in UTC. */
export interface DateRange {
  from: Date;
  to: Date;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parse(name: string, raw: string): Date {
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) throw AppError.validation(`${name} must be an ISO 8601 date or date-time`);
  return at;
}

/**
 * The end of the bucket `now` falls in: buckets are `bucketMs` long from the epoch, and `now` on a
 * boundary starts a new one, so the end is always later than `now` (nothing written until then is
 * left out of a range that ends there).
 */
export function bucketEnd(now: Date, bucketMs: number): Date {
  return new Date((Math.floor(now.getTime() / bucketMs) + 1) * bucketMs);
}

/**
 * `from` and `to` as given (a date alone means its whole UTC day, so `to=2026-11-24` includes the
 * 24th), or the last 30 days. An omitted `to` is the end of the current bucket rather than this
 * millisecond, so that requests within a bucket ask for the same range (and meet the same cached
 * figure), but never more than 366 days after `from`: a `from` alone is always a valid range (a
 * year ago or more covers the 366 days from it; one in the future, the 366 days after it), which
 * matters because no schema can state a rule that depends on today's date. Explicit ranges that
 * are reversed or over 366 days are refused.
 */
export function resolveRange(
  rawFrom: string | undefined,
  rawTo: string | undefined,
  now: Date,
  bucketMs: number,
): DateRange {
  const givenFrom = rawFrom === undefined ? undefined : parse('from', rawFrom);
  let to: Date;
  if (rawTo !== undefined) {
    to = new Date(parse('to', rawTo).getTime() + (DATE_ONLY.test(rawTo) ? DAY_MS : 0));
  } else {
    to = bucketEnd(now, bucketMs);
    const latest = givenFrom && givenFrom.getTime() + MAX_RANGE_DAYS * DAY_MS;
    if (latest !== undefined && (latest < to.getTime() || givenFrom! >= to)) to = new Date(latest);
  }
  const from = givenFrom ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (from >= to) throw AppError.validation('from must be before to');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
    throw AppError.validation(`The range may span at most ${MAX_RANGE_DAYS} days`);
  return { from, to };
}

/** The previous range of the same length, ending where this one starts. */
export function previousRange(range: DateRange): DateRange {
  const length = range.to.getTime() - range.from.getTime();
  return { from: new Date(range.from.getTime() - length), to: range.from };
}

/** Every UTC day the range touches, in order. */
export function daysIn(range: DateRange): string[] {
  const days: string[] = [];
  const last = utcDay(new Date(range.to.getTime() - 1));
  for (let at = Date.parse(`${utcDay(range.from)}T00:00:00Z`); ; at += DAY_MS) {
    const day = utcDay(new Date(at));
    days.push(day);
    if (day >= last) return days;
  }
}

/** The Monday (UTC) of the ISO week a day belongs to. */
export function weekOf(day: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (at.getUTCDay() + 6) % 7;
  return utcDay(new Date(at.getTime() - sinceMonday * DAY_MS));
}

/** Midnight UTC of today, and of this ISO week's Monday. */
export function startOfToday(now: Date): Date {
  return new Date(`${utcDay(now)}T00:00:00Z`);
}

export function startOfWeek(now: Date): Date {
  return new Date(`${weekOf(utcDay(now))}T00:00:00Z`);
}

/** The range as an answer states it. */
export function rangeFields(range: DateRange): DateRange {
  return { from: range.from, to: range.to };
}

/** The part of a cache key that names the range: two requests for the same instants share a figure. */
export function rangeCacheKey(range: DateRange): string {
  return `${range.from.toISOString()}:${range.to.toISOString()}`;
}

import { DateTime } from 'luxon';

/**
 * When the SLA clock runs (SPEC §11.2): around the clock by default; with business hours, only
 * inside them on the listed weekdays, in the policy's time zone; never on a holiday.
 */
export interface BusinessHours {
  /** An IANA zone, e.g. `Europe/Berlin`: the hours and holidays are local to it (DST included). */
  time_zone: string;
  /** ISO weekdays the desk works, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** `HH:MM`, 24-hour, local; `start` before `end` (no shift past midnight). */
  start: string;
  end: string;
}

export interface BusinessCalendar {
  business_hours: BusinessHours | null;
  /** `YYYY-MM-DD` days the clock stands still: local to the business hours' zone, UTC when 24×7. */
  holidays: string[];
}

/** How far ahead a due time is looked for: a calendar with no working time left in it is refused. */
const MAX_DAYS_AHEAD = 3 * 366;

/** Minutes since local midnight of an `HH:MM` time (24:00 is 1440). */
export function minutesOfDay(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/**
 * The moment `minutes` of working time after `start`. Around the clock with no holidays this is
 * plain addition; otherwise the working windows of each local day are walked until the minutes
 * are used up. Throws when no working time is found within three years (a calendar whose every
 * working day is a holiday), which policy validation keeps from being stored.
 */
export function addWorkingMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  const hours = calendar.business_hours;
  if (!hours && calendar.holidays.length === 0) return new Date(start.getTime() + minutes * 60_000);

  const zone = hours?.time_zone ?? 'UTC';
  const holidays = new Set(calendar.holidays);
  const from = hours ? minutesOfDay(hours.start) : 0;
  const to = hours ? minutesOfDay(hours.end) : 24 * 60;
  let remainingMs = minutes * 60_000;
  let cursor = DateTime.fromJSDate(start, { zone });
  let day = cursor.startOf('day');
  for (let step = 0; step < MAX_DAYS_AHEAD; step += 1, day = day.plus({ days: 1 }).startOf('day')) {
    if (holidays.has(day.toISODate()!)) continue;
    if (hours && !hours.days.includes(day.weekday)) continue;
    // Set by wall-clock time, so a day that gains or loses an hour to DST keeps its local hours.
    const opens = day.set({ hour: Math.floor(from / 60), minute: from % 60 });
    const closes =
      to === 24 * 60 ? day.plus({ days: 1 }).startOf('day') : day.set({ hour: Math.floor(to / 60), minute: to % 60 });
    const windowStart = cursor > opens ? cursor : opens;
    if (windowStart >= closes) continue;
    const available = closes.toMillis() - windowStart.toMillis();
    if (remainingMs <= available) return new Date(windowStart.toMillis() + remainingMs);
    remainingMs -= available;
    cursor = closes;
  }
  throw new Error(`No working time within ${MAX_DAYS_AHEAD} days of ${start.toISOString()}`);
}

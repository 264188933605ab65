import type { ValidationOptions } from 'class-validator';
import { DocumentedRule } from './openapi/documented-rule';

/**
 * RFC 3339 dates and date-times, the profile of ISO 8601 that OpenAPI's `date` and `date-time`
 * formats name. Checked here rather than with `new Date(text)`, which also takes "Nov 20 2026",
 * rolls 2026-02-30 over to March and reads a date-time without an offset as local time: the
 * document can only promise what the check enforces.
 */
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DATE_TIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:[Zz]|[+-]([0-9]{2}):([0-9]{2}))$/;

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isRfc3339Date(value: unknown): value is string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  return match !== null && isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** With seconds and an offset (Z or ±hh:mm), as RFC 3339 requires; leap seconds are refused (JavaScript has none). */
export function isRfc3339DateTime(value: unknown): value is string {
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (!match) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHour = 0, offsetMinute = 0] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  return (
    isCalendarDay(year, month, day) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHour <= 23 &&
    offsetMinute <= 59 &&
    !Number.isNaN(Date.parse(match[0]))
  );
}

export const DATE_TIME_SCHEMA = { type: 'string', format: 'date-time' } as const;

/** A query bound such as `from`/`to`: a whole UTC day (`2025-11-24`) or an instant (`2025-11-24T16:00:00Z`). */
export const IsDateOrDateTime = (options?: ValidationOptions): PropertyDecorator =>
  DocumentedRule(
    {
      name: 'isDateOrDateTime',
      schema: { anyOf: [{ type: 'string', format: 'date' }, { ...DATE_TIME_SCHEMA }] },
      validate: (value) => isRfc3339Date(value) || isRfc3339DateTime(value),
      message: (args) =>
        `${args?.property ?? 'value'} must be an ISO 8601 date (2025-11-24) or date-time with an offset (2025-11-24T16:00:00Z)`,
    },
    options,
  );

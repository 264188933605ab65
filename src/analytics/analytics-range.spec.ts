import { daysIn, previousRange, resolveRange, startOfWeek, weekOf } from './analytics-range';

const now = new Date('2026-11-24T15:30:00Z');

describe('analytics ranges', () => {
  it('defaults to the last 30 days', () => {
    const range = resolveRange(undefined, undefined, now);
    expect(range).toEqual({ from: new Date('2026-10-25T15:30:00Z'), to: now });
  });

  it('reads a date alone as its whole UTC day', () => {
    expect(resolveRange('2026-11-01', '2026-11-24', now)).toEqual({
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-25T00:00:00Z'),
    });
  });

  it.each([
    ['yesterday', undefined, /from must be an ISO 8601/],
    [undefined, '2026-13-45', /to must be an ISO 8601/],
    ['2026-11-20', '2026-11-10', /from must be before to/],
    ['2025-01-01', '2026-11-24', /at most 366 days/],
  ])('refuses from=%s to=%s', (from, to, message) => {
    expect(() => resolveRange(from, to, now)).toThrow(message);
  });

  it('lists the days a range touches and the weeks they fall in', () => {
    const range = resolveRange('2026-11-22', '2026-11-24', now);
    expect(daysIn(range)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
    expect(['2026-11-22', '2026-11-23', '2026-11-29', '2026-11-30'].map(weekOf)).toEqual([
      '2026-11-16',
      '2026-11-23',
      '2026-11-23',
      '2026-11-30',
    ]);
    expect(startOfWeek(now)).toEqual(new Date('2026-11-23T00:00:00Z'));
    expect(previousRange(range)).toEqual({
      from: new Date('2026-11-19T00:00:00Z'),
      to: new Date('2026-11-22T00:00:00Z'),
    });
  });
});

import {
  bucketEnd,
  daysIn,
  previousRange,
  rangeCacheKey,
  rangeFields,
  resolveRange,
  startOfWeek,
  weekOf,
} from './analytics-range';

const now = new Date('2026-11-24T15:30:12.345Z');
const BUCKET = 30_000;

describe('analytics ranges', () => {
  it('defaults to the last 30 days, ending where the current 30 s bucket ends', () => {
    expect(resolveRange(undefined, undefined, now, BUCKET)).toEqual({
      from: new Date('2026-10-25T15:30:30Z'),
      to: new Date('2026-11-24T15:30:30Z'),
    });
  });

  it('gives every moment of a bucket the same default range, and the next bucket the next one', () => {
    const at = (iso: string) => resolveRange(undefined, undefined, new Date(iso), BUCKET);
    expect(at('2026-11-24T15:30:00.000Z')).toEqual(at('2026-11-24T15:30:29.999Z'));
    expect(at('2026-11-24T15:30:30.000Z').to).toEqual(new Date('2026-11-24T15:31:00Z'));
    // A default end with a given start: the start stays, the end is the bucket's.
    expect(resolveRange('2026-11-20', undefined, now, BUCKET)).toEqual({
      from: new Date('2026-11-20T00:00:00Z'),
      to: new Date('2026-11-24T15:30:30Z'),
    });
  });

  it('ends a bucket strictly after now, on boundaries too', () => {
    expect(bucketEnd(new Date('2026-11-24T15:30:00.000Z'), BUCKET)).toEqual(new Date('2026-11-24T15:30:30Z'));
    expect(bucketEnd(new Date('2026-11-24T15:30:29.999Z'), BUCKET)).toEqual(new Date('2026-11-24T15:30:30Z'));
    expect(bucketEnd(new Date('2026-11-24T15:30:30.000Z'), BUCKET)).toEqual(new Date('2026-11-24T15:31:00Z'));
  });

  it('ends a range given only its start at most 366 days after it, so a start alone is always valid', () => {
    expect(resolveRange('2025-01-01', undefined, now, BUCKET)).toEqual({
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2026-01-02T00:00:00Z'),
    });
    expect(resolveRange('2027-03-01T00:00:00Z', undefined, now, BUCKET)).toEqual({
      from: new Date('2027-03-01T00:00:00Z'),
      to: new Date('2028-03-01T00:00:00Z'),
    });
  });

  it('keeps an explicit end as given, to the millisecond', () => {
    expect(resolveRange('2026-11-01T00:00:00Z', '2026-11-24T15:30:12.345Z', now, BUCKET).to).toEqual(now);
  });

  it('reads a date alone as its whole UTC day', () => {
    expect(resolveRange('2026-11-01', '2026-11-24', now, BUCKET)).toEqual({
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
    expect(() => resolveRange(from, to, now, BUCKET)).toThrow(message);
  });

  it('lists the days a range touches and the weeks they fall in', () => {
    const range = resolveRange('2026-11-22', '2026-11-24', now, BUCKET);
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

  it('states a range as its two ends, and keys the cache by those instants', () => {
    const range = { from: new Date('2026-11-22T00:00:00Z'), to: new Date('2026-11-24T12:00:00Z') };
    expect(rangeFields({ ...range, extra: true } as typeof range)).toEqual(range);
    expect(rangeCacheKey(range)).toBe('2026-11-22T00:00:00.000Z:2026-11-24T12:00:00.000Z');
    // The same instants written differently meet the same figure.
    expect(rangeCacheKey({ from: new Date('2026-11-22'), to: new Date('2026-11-24T13:00:00+01:00') })).toBe(
      rangeCacheKey(range),
    );
  });
});

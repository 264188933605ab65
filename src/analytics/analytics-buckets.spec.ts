import {
  countsFor,
  DEPARTMENT_KEYS,
  departmentKey,
  momentsByDepartment,
  perMoment,
  resolutionDistribution,
  STATUS_KEYS,
  ticketsPerUserDistribution,
  timeBuckets,
} from './analytics-buckets';

const HOUR = 3600;
const DAY = 86_400;
const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('departmentKey', () => {
  it('keeps IT and HR, and calls a ticket without a department unrouted', () => {
    expect(departmentKey('IT')).toBe('IT');
    expect(departmentKey('HR')).toBe('HR');
    expect(departmentKey('null')).toBe('unrouted');
  });
});

describe('countsFor', () => {
  it('lists every key, zero when the data had none', () => {
    expect(countsFor(STATUS_KEYS, counts({ open: 2, closed: 1 }))).toEqual({
      open: 2,
      assigned: 0,
      resolved: 0,
      closed: 1,
    });
  });

  it('adds up stored values that map onto one key', () => {
    expect(countsFor(DEPARTMENT_KEYS, counts({ IT: 3, null: 2, undefined: 1 }), departmentKey)).toEqual({
      IT: 3,
      HR: 0,
      unrouted: 3,
    });
  });
});

describe('perMoment', () => {
  it('asks the question of each lifecycle moment and keys the answers by it', async () => {
    await expect(perMoment((moment) => Promise.resolve(moment.length))).resolves.toEqual({
      created: 7,
      resolved: 8,
      closed: 6,
    });
  });
});

describe('momentsByDepartment', () => {
  it('puts each moment’s counts under the department key, unrouted included, zeros elsewhere', () => {
    expect(
      momentsByDepartment({
        created: counts({ IT: 4, null: 1 }),
        resolved: counts({ IT: 2 }),
        closed: counts({ HR: 1 }),
      }),
    ).toEqual({
      IT: { created: 4, resolved: 2, closed: 0 },
      HR: { created: 0, resolved: 0, closed: 1 },
      unrouted: { created: 1, resolved: 0, closed: 0 },
    });
  });
});

describe('timeBuckets', () => {
  // Saturday 22 to Tuesday 25 November 2025 (UTC), half-open: the 25th is not touched.
  const range = { from: new Date('2025-11-22T00:00:00Z'), to: new Date('2025-11-25T00:00:00Z') };
  const perDay = {
    created: counts({ '2025-11-22': 1, '2025-11-24': 2 }),
    resolved: counts({ '2025-11-23': 1 }),
    closed: counts({}),
  };

  it('lists every day of the range, oldest first, empty days zero', () => {
    expect(timeBuckets(range, 'day', perDay)).toEqual([
      { start: '2025-11-22', created: 1, resolved: 0, closed: 0 },
      { start: '2025-11-23', created: 0, resolved: 1, closed: 0 },
      { start: '2025-11-24', created: 2, resolved: 0, closed: 0 },
    ]);
  });

  it('sums days into the Monday-based weeks they belong to', () => {
    expect(timeBuckets(range, 'week', perDay)).toEqual([
      { start: '2025-11-17', created: 1, resolved: 1, closed: 0 },
      { start: '2025-11-24', created: 2, resolved: 0, closed: 0 },
    ]);
  });
});

describe('resolutionDistribution', () => {
  it('puts each duration in the bucket whose lower bound it reaches and upper bound it stays under', () => {
    const seconds = [0, HOUR - 1, HOUR, 4 * HOUR, DAY - 1, DAY, 3 * DAY, 7 * DAY - 1, 7 * DAY, 30 * DAY];
    expect(resolutionDistribution(seconds)).toEqual({
      under_1h: 2,
      '1h_to_4h': 1,
      '4h_to_24h': 2,
      '1d_to_3d': 1,
      '3d_to_7d': 2,
      over_7d: 2,
    });
  });

  it('lists every bucket when there is nothing to count', () => {
    expect(Object.values(resolutionDistribution([]))).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('ticketsPerUserDistribution', () => {
  it('counts requesters per bucket, both bounds inclusive', () => {
    expect(ticketsPerUserDistribution([1, 1, 2, 3, 4, 5, 6, 10, 11, 40])).toEqual({
      '1': 2,
      '2-3': 2,
      '4-5': 2,
      '6-10': 2,
      '11+': 2,
    });
  });
});

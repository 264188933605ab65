import { ANALYTICS_MAX_ENTRIES, ANALYTICS_TTL_MS, AnalyticsCache } from './analytics-cache';
import { Clock } from '../common/clock/clock';

/** A clock that moves only when told. */
class StillClock extends Clock {
  at = Date.parse('2026-11-24T15:30:00Z');
  override now(): Date {
    return new Date(this.at);
  }
}

const range = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

describe('analytics cache', () => {
  let clock: StillClock;
  let cache: AnalyticsCache;
  let computed: number;
  const figure = () => Promise.resolve(++computed);

  beforeEach(() => {
    clock = new StillClock();
    cache = new AnalyticsCache(clock);
    computed = 0;
  });

  it('serves a figure for 30 s from when it was computed, however often it is read', async () => {
    expect(await cache.get('overview', null, 'all', figure)).toBe(1);
    clock.at += ANALYTICS_TTL_MS - 1;
    expect(await cache.get('overview', null, 'all', figure)).toBe(1);
    clock.at += 1;
    expect(await cache.get('overview', null, 'all', figure)).toBe(1);
    clock.at += 1;
    expect(await cache.get('overview', null, 'all', figure)).toBe(2);
  });

  it('shares one computation between simultaneous requests', async () => {
    const both = await Promise.all([
      cache.get('overview', null, 'all', figure),
      cache.get('overview', null, 'all', figure),
    ]);
    expect(both).toEqual([1, 1]);
    expect(computed).toBe(1);
  });

  it('keys by figure and range', async () => {
    const a = range('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z');
    await cache.get('ticket_volume', a, 'a', figure);
    await cache.get('time_series', a, 'a', figure);
    await cache.get('ticket_volume', a, 'b', figure);
    expect(computed).toBe(3);
  });

  it('holds at most its bound, dropping the least recently used', async () => {
    for (let i = 0; i <= ANALYTICS_MAX_ENTRIES; i += 1) await cache.get('ticket_volume', null, String(i), figure);
    expect(cache.size).toBe(ANALYTICS_MAX_ENTRIES);
    const before = computed;
    await cache.get('ticket_volume', null, String(ANALYTICS_MAX_ENTRIES), figure);
    expect(computed).toBe(before);
    await cache.get('ticket_volume', null, '0', figure);
    expect(computed).toBe(before + 1);
  });

  it('does not serve a failed computation again', async () => {
    await expect(cache.get('overview', null, 'all', () => Promise.reject(new Error('database down')))).rejects.toThrow(
      'database down',
    );
    expect(await cache.get('overview', null, 'all', figure)).toBe(1);
  });

  it('drops a figure whose range holds the instant of a change, or all of it', async () => {
    const november = range('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
    const october = range('2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z');
    const read = () =>
      Promise.all([
        cache.get('ticket_volume', november, 'nov', figure),
        cache.get('ticket_volume', october, 'oct', figure),
        cache.get('overview', null, 'all', figure),
        cache.get('flagged_users', null, 'all', figure),
      ]);
    expect(await read()).toEqual([1, 2, 3, 4]);

    cache.drop([{ figure: 'ticket_volume', at: [new Date('2026-11-01T00:00:00Z')] }]); // the start belongs to November
    expect(await read()).toEqual([5, 2, 3, 4]);

    cache.drop([{ figure: 'overview', at: [new Date('2020-01-01T00:00:00Z')] }]); // an unranged figure reads everything
    expect(await read()).toEqual([5, 2, 6, 4]);

    cache.drop([{ figure: 'ticket_volume', at: 'all' }]);
    expect(await read()).toEqual([7, 8, 6, 4]);
  });
});

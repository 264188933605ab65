import { complianceRate, median, percentile, summariseDurations } from './statistics';

describe('duration statistics', () => {
  it('median is the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('p90 is the nearest-rank percentile', () => {
    const tenValues = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(percentile(tenValues, 90)).toBe(90);
    expect(percentile([...tenValues, 110], 90)).toBe(100);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 90)).toBeNull();
  });

  it('summarises count, median, p90 and mean', () => {
    expect(summariseDurations([3600, 7200, 10800])).toEqual({
      count: 3,
      median_seconds: 7200,
      p90_seconds: 10800,
      mean_seconds: 7200,
    });
    expect(summariseDurations([])).toEqual({ count: 0, median_seconds: null, p90_seconds: null, mean_seconds: null });
  });
});

describe('complianceRate', () => {
  it('is the share met, to 4 places, and null when nothing settled', () => {
    expect(complianceRate(2, 1)).toBe(0.6667);
    expect(complianceRate(3, 0)).toBe(1);
    expect(complianceRate(0, 0)).toBeNull();
  });
});

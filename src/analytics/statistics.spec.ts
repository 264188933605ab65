import { median, percentile, summariseDurations, topicTerms, trendingTopics } from './statistics';

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

describe('trending topics', () => {
  it('takes content words and their adjacent pairs, once per ticket', () => {
    expect([...topicTerms('The VPN is down, VPN down again!')]).toEqual(
      expect.arrayContaining(['vpn', 'down', 'vpn down']),
    );
    expect(topicTerms('Please help me with it')).toEqual(new Set());
  });

  it('ranks what rose against the previous window, naming the phrase over its words', () => {
    const current = [
      'Outlook crashes on start',
      'Outlook crashes when opening mail',
      'Outlook crashes again',
      'Outlook crashes after update',
      'VPN slow',
      'VPN slow today',
      'Printer jam',
    ];
    const previous = [
      'VPN slow',
      'VPN slow again',
      'VPN slow at home',
      'Printer jam',
      'Printer jam twice',
      'Printer jam 3rd',
    ];
    const topics = trendingTopics(current, previous);
    expect(topics[0]).toEqual({ term: 'outlook crashes', count: 4, previous_count: 0, growth: 5 });
    expect(topics.map((t) => t.term)).not.toContain('outlook');
    expect(topics.map((t) => t.term)).not.toContain('vpn slow');
    expect(topics.map((t) => t.term)).not.toContain('printer jam');
  });

  it('ignores terms seen in fewer than three tickets', () => {
    expect(trendingTopics(['Badge broken', 'Badge broken'], [])).toEqual([]);
  });
});

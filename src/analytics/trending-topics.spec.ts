import type { TicketText } from '../ai/ai.ports';
import { poissonTail, ticketTopics, TRENDING_DEFAULTS, trendingTopics } from './trending-topics';

const ticket = (title: string, description = ''): TicketText => ({ title, description });
const terms = (topics: Array<{ term: string }>) => topics.map((topic) => topic.term);
/** `n` tickets on unrelated subjects, none sharing a content word with another. */
const unrelated = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ticket(`Subject${tag}${i} question`, `Details about thing${tag}${i}.`));

describe('what a ticket is about', () => {
  it('is what its title names, and what it repeats, not what it mentions once', () => {
    const about = ticketTopics(
      ticket('Outlook crashes on start', 'Since the update Outlook crashes. My laptop is new and the laptop is fast.'),
    );
    expect([...about]).toEqual(expect.arrayContaining(['outlook', 'crashes', 'outlook crashes', 'laptop']));
    expect(about.has('fast')).toBe(false);
    expect(about.has('update')).toBe(false);
  });

  it('keeps hyphenated names and capitalised two-letter acronyms whole', () => {
    const about = ticketTopics(ticket('Wi-Fi and my PC', 'The Wi-Fi drops; the PC is fine. It is ok.'));
    expect([...about]).toEqual(expect.arrayContaining(['wi-fi', 'pc']));
    expect(about.has('wi')).toBe(false);
    expect(about.has('it')).toBe(false);
    expect(about.has('ok')).toBe(false);
  });

  it('joins no pair across a sentence or from the title into the description', () => {
    const about = ticketTopics(ticket('Printer jam', 'Toner empty. Printer jam again!'));
    expect(about.has('printer jam')).toBe(true);
    expect(about.has('jam toner')).toBe(false);
    expect(about.has('empty printer')).toBe(false);
  });

  it('never makes a topic of a word that only says how a ticket is going, but keeps it in a phrase', () => {
    const about = ticketTopics(ticket('New certificate error', 'Error again: the certificate error is back.'));
    expect(about.has('error')).toBe(false);
    expect(about.has('new')).toBe(false);
    expect(about.has('certificate error')).toBe(true);
    expect(ticketTopics(ticket('New request', 'New request')).size).toBe(0);
  });

  it('reads a possessive as the word', () => {
    expect(ticketTopics(ticket("VPN's certificate", 'The VPN certificate')).has('vpn')).toBe(true);
  });
});

describe('trending topics', () => {
  it('ranks by count × ln(growth): a big rise above a small one, a phrase over its words', () => {
    const current = [
      ...Array.from({ length: 8 }, (_, i) => ticket(`Outlook crashes ${i}`)),
      ...Array.from({ length: 4 }, (_, i) => ticket(`Badge reader ${i}`)),
      ...unrelated(28, 'n'),
    ];
    const previous = [...Array.from({ length: 2 }, (_, i) => ticket(`Outlook crashes ${i}`)), ...unrelated(38, 'p')];
    const topics = trendingTopics(current, previous);
    expect(topics).toEqual([
      { term: 'outlook crashes', count: 8, previous_count: 2, growth: 3 },
      { term: 'badge reader', count: 4, previous_count: 0, growth: 5 },
    ]);
  });

  it('compares windows by rate: fewer tickets than before can still be a rise', () => {
    // 4 of 20 now against 5 of 100 before: a quarter of the raw count, four times the rate.
    const claim = () => ticket('Expense claim', 'It came back.');
    const current = [...Array.from({ length: 4 }, claim), ...unrelated(16, 'n')];
    const previous = [...Array.from({ length: 5 }, claim), ...unrelated(95, 'p')];
    expect(trendingTopics(current, previous)).toEqual([
      { term: 'expense claim', count: 4, previous_count: 5, growth: 2.5 },
    ]);
  });

  it('keeps a subject a fifth of the tickets are about though it did not rise, after every riser', () => {
    const steady = (n: number) => Array.from({ length: n }, () => ticket('Expense claim'));
    const risers = (subjects: number) =>
      Array.from({ length: subjects }, (_, i) =>
        Array.from({ length: 4 }, () => ticket(`Riser${String.fromCharCode(97 + i)}`)),
      ).flat();
    // A tenth of the tickets, as before: not a trend.
    expect(terms(trendingTopics([...steady(4), ...risers(9)], [...steady(4), ...unrelated(36, 'p')]))).not.toContain(
      'expense claim',
    );
    // A fifth, as before, with six risers after three places: it keeps one, the last.
    const listed = trendingTopics([...steady(6), ...risers(6)], [...steady(6), ...unrelated(24, 'p')], {
      ...TRENDING_DEFAULTS,
      limit: 3,
    });
    expect(terms(listed)).toEqual(['risera', 'riserb', 'expense claim']);
    expect(listed[2]).toEqual({ term: 'expense claim', count: 6, previous_count: 6, growth: 1 });
  });

  it('drops a subject that fell and is no longer prevalent', () => {
    const current = [...Array.from({ length: 3 }, () => ticket('Printer jam')), ...unrelated(37, 'n')];
    const previous = [...Array.from({ length: 9 }, () => ticket('Printer jam')), ...unrelated(31, 'p')];
    expect(trendingTopics(current, previous)).toEqual([]);
  });

  it('takes a small rise as chance in a large window; in a small one it is a large share', () => {
    const three = Array.from({ length: 3 }, () => ticket('Badge reader'));
    const previous = [ticket('Badge reader'), ...unrelated(99, 'p')];
    expect(trendingTopics([...three, ...unrelated(97, 'n')], previous)).toEqual([]);
    expect(terms(trendingTopics([...three, ...unrelated(7, 'n')], previous))).toEqual(['badge reader']);
  });

  it('needs three tickets, whatever the share', () => {
    expect(trendingTopics([ticket('Badge broken'), ticket('Badge broken')], [])).toEqual([]);
  });

  it('handles an empty window on either side', () => {
    expect(trendingTopics([], [ticket('Printer jam')])).toEqual([]);
    expect(
      trendingTopics(
        Array.from({ length: 3 }, () => ticket('Printer jam')),
        [],
      ),
    ).toEqual([{ term: 'printer jam', count: 3, previous_count: 0, growth: 4 }]);
  });
});

describe('the Poisson tail', () => {
  it('matches the closed form and stays finite for large rates', () => {
    expect(poissonTail(0, 3)).toBe(1);
    expect(poissonTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * 2.5, 12);
    expect(poissonTail(1000, 1000)).toBeGreaterThan(0.49);
    expect(poissonTail(1000, 1000)).toBeLessThan(0.51);
    expect(poissonTail(1200, 1000)).toBeLessThan(1e-6);
  });
});

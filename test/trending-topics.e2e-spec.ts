import { signedIn, type SignedIn } from './support/accounts';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(120_000);

const DAY = 86_400_000;

type Ticket = readonly [title: string, description: string];

/**
 * Ordinary tickets on different subjects, worded as people write them. Several mention a laptop,
 * an error or "not working" in passing, which is not what they are about.
 */
const VARIED_NOW: Ticket[] = [
  ['Scanner not working', 'The scanner on the second floor shows a paper feed error and stops halfway.'],
  ['Badge not working at the car park', 'My access badge opens the front door but not the car park barrier.'],
  ['Headset not working in calls', 'Colleagues cannot hear me through the headset on my laptop.'],
  ['Request for a second monitor', 'I would like a second monitor; my laptop screen is too small for spreadsheets.'],
  ['Excel macro error', 'The budget workbook shows a runtime error as soon as the macro runs.'],
  ['New starter needs an account', 'A new colleague joins on Monday and needs a laptop and a network account.'],
  ['Question about parental leave', 'How many weeks of parental leave can I take, and do I apply through HR?'],
  ['Payslip shows the wrong tax code', 'My tax code changed on the payslip this month and the net pay is lower.'],
  ['Printer prints blank pages', 'The printer by the kitchen feeds paper but every page comes out blank.'],
  ['Cannot log in to the travel booking portal', 'The booking site rejects my password, which works on my laptop.'],
  ['Shared drive folder missing', 'The finance folder disappeared from the shared drive after I restarted.'],
  ['Dentist appointment during work hours', 'Do I need to book a half day of leave for a dentist appointment?'],
];

const VARIED_BEFORE: Ticket[] = [
  ['VPN disconnects every hour', 'The VPN client drops the connection on my home network and reconnects later.'],
  ['Outlook search finds nothing', 'Searching my mailbox in Outlook returns no results for recent mail.'],
  ['Keyboard keys sticking', 'Several keys on my laptop keyboard stick after a coffee spill.'],
  ['Request for an Acrobat licence', 'I edit PDFs for contracts; can I get an Acrobat licence?'],
  ['Sick leave after surgery', 'I have surgery next week and will be off for two weeks; what does HR need from me?'],
  ['Pension contribution change', 'I want to raise my pension contribution from next month.'],
  ['Projector not working in the boardroom', 'The boardroom projector shows no signal from my laptop.'],
  ['Teams meeting audio echo', 'Everyone hears an echo in meetings when I join from the office.'],
  ['Password expired while travelling', 'My password expired abroad and the self-service reset wants my desk phone.'],
  ['Complaint about a colleague', 'I would like to report repeated rude comments; who handles this confidentially?'],
  ['Overtime not paid', 'The overtime I did in March is missing from my salary.'],
  ['Software install request', 'Please install Python on my workstation for a data analysis course.'],
  ['Remote work policy question', 'Can I work from another country for two weeks under the remote work policy?'],
  ['Phone screen cracked', 'My company phone screen cracked; how do I get a replacement?'],
  ['Holiday carry-over', 'Can I carry over unused holiday into next year?'],
  ['Website blocked by the proxy', 'The proxy blocks a supplier website I use for orders.'],
];

/** A subject new in this window: named in each title and twice in each description. */
const WIFI_NOW: Ticket[] = [
  ['Wi-Fi drops in meeting room C', 'The Wi-Fi disconnects during calls, while the other rooms keep their Wi-Fi.'],
  ['No Wi-Fi on the fourth floor', 'Since this morning the Wi-Fi is gone upstairs. My phone does not see the Wi-Fi.'],
  ['Wi-Fi very slow in the afternoon', 'Downloads crawl over Wi-Fi while the cable is fine. Is the Wi-Fi overloaded?'],
  [
    'Laptop will not join the Wi-Fi',
    'My laptop says the Wi-Fi password is wrong, but the same Wi-Fi worked on Friday.',
  ],
];

/** A standing subject: as common in the previous window as in this one, in other words. */
const EXPENSES_NOW: Ticket[] = [
  [
    'Expense claim rejected',
    'My expense claim for the Berlin trip came back, although the expense claim had receipts.',
  ],
  ['How long does an expense claim take?', 'I filed an expense claim three weeks ago. When is an expense claim paid?'],
  [
    'Cannot submit my expense claim',
    'The finance portal hangs when I submit the expense claim; the expense claim form never saves.',
  ],
  [
    'Expense claim for a training course',
    'Can the course fee go on an expense claim, or is a purchase order used instead of an expense claim?',
  ],
];
const EXPENSES_BEFORE: Ticket[] = [
  [
    'Expense claim limit for hotels',
    'What is the hotel limit on an expense claim? My expense claim for Paris was cut.',
  ],
  ['Expense claim approval stuck', 'My manager approved the expense claim but the expense claim still shows pending.'],
  [
    'Mileage on an expense claim',
    'How do I add car mileage to an expense claim, and what rate does the expense claim use?',
  ],
  [
    'Lost receipt for expense claim',
    'I lost a taxi receipt. Can the expense claim go ahead, or is the expense claim refused?',
  ],
];

/**
 * Trending topics as an admin reads them, over tickets filed through the API: the last 30 days
 * against the 30 before (tickets moved back in time by their stored creation date).
 */
describe('trending topics', () => {
  let t: TestApp;
  let admin: SignedIn;
  let requesters: SignedIn[];
  const filed: string[] = [];

  const file = async (tickets: Ticket[], daysAgo: number) => {
    for (const [i, [title, description]] of tickets.entries()) {
      const res = await t.http
        .post('/tickets')
        .set(requesters[i % requesters.length]!.auth)
        .send({ title, description })
        .expect(201);
      filed.push(res.body.ticket_id);
      if (daysAgo > 0) {
        const at = new Date(Date.now() - daysAgo * DAY - i * 60_000);
        await t.connection
          .collection('tickets')
          .updateOne(
            { ticket_id: res.body.ticket_id },
            { $set: { created_at: at, created_day: at.toISOString().slice(0, 10) } },
          );
      }
    }
  };
  const topics = async (query = '') =>
    (await t.http.get(`/admin/analytics/trending-topics${query}`).set(admin.auth).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename), { env: { TICKETS_PER_DAY: '100' } });
    admin = await signedIn(t, 'admin');
    requesters = await Promise.all([signedIn(t, 'user'), signedIn(t, 'user'), signedIn(t, 'user')]);
    await file(VARIED_BEFORE, 50);
    await file(EXPENSES_BEFORE, 40);
    await file([...VARIED_NOW.slice(0, 6), ...WIFI_NOW, ...VARIED_NOW.slice(6), ...EXPENSES_NOW], 0);
  });
  afterAll(() => t.close());

  it('surfaces a subject a fifth of the recent tickets are about, and one as common as before after it', async () => {
    const result = await topics();
    expect(result).toMatchObject({ tickets: 20, previous_tickets: 20, labelled_by: null });
    // Nothing else: the varied tickets' passing words (laptop, error, not working) are no topic.
    expect(result.topics).toEqual([
      { term: 'wi-fi', count: 4, previous_count: 0, growth: 5, label: null },
      { term: 'expense claim', count: 4, previous_count: 4, growth: 1, label: null },
    ]);
  });

  it('finds no topic in ordinary varied tickets', async () => {
    const from = new Date(Date.now() - 55 * DAY).toISOString();
    const to = new Date(Date.now() - 45 * DAY).toISOString();
    const result = await topics(`?from=${from}&to=${to}`);
    expect(result).toMatchObject({ tickets: VARIED_BEFORE.length, previous_tickets: 0, topics: [] });
  });
});

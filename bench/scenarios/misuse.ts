import { BENCH_ADMIN, startApp } from '../lib/app';
import { longPost, signIn } from '../lib/load';
import { bulkInsert, connect, seedUsers, ticketDoc } from '../lib/seed';
import { atMost, progress, reported, type BenchRow } from '../lib/report';
import type { ScenarioContext } from './context';

const USERS = Number(process.env['BENCH_MISUSE_USERS'] ?? 10_000);
const TICKETS = Number(process.env['BENCH_MISUSE_TICKETS'] ?? 100_000);
const VARIED: Array<[string, string]> = [
  ['VPN does not connect', 'The VPN client times out every morning.'],
  ['Payslip is wrong', 'My March payslip shows the wrong amount.'],
  ['Printer jam on floor 3', 'The printer jams on every second page.'],
  ['Parental leave question', 'How do I apply for parental leave?'],
  ['Monitor flickers', 'My second screen flickers all day.'],
  ['Badge lost', 'I lost my badge on the train.'],
  ['Expense claim pending', 'My travel claim has been pending for weeks.'],
  ['Laptop battery', 'The battery does not charge any more.'],
  ['New starter account', 'Please create an account for our new starter.'],
  ['Teams freezes', 'Teams freezes during video calls.'],
];

/** The nightly job over 10,000 users and 100,000 tickets in its window: time and peak memory. */
export async function misuse(ctx: ScenarioContext): Promise<BenchRow[]> {
  const dbName = 'bench_misuse';
  const db = await connect(ctx.uri, dbName);
  progress(`misuse: seeding ${USERS.toLocaleString('en')} users and ${TICKETS.toLocaleString('en')} tickets`);
  const users = await seedUsers(db, 'misuse-user', 'user', USERS);
  const now = Date.now();
  await bulkInsert(db, 'tickets', TICKETS, (i) => {
    const user = i % USERS;
    // Each user's k-th ticket is the k-th varied text (ten different tickets a user), except that
    // every 50th user files the same ticket over and over; every 97th has a flagged one.
    const k = Math.floor(i / USERS);
    const duplicate = user % 50 === 0;
    const flagged = user % 97 === 0 && i < USERS;
    return ticketDoc({
      index: i,
      userId: users[user]!,
      department: i % 2 ? 'IT' : 'HR',
      assigneeId: null,
      status: 'open',
      createdAt: new Date(now - ((i * 7919) % (23 * 3_600_000))),
      categories: flagged ? ['spam'] : [],
      text: duplicate ? ['Laptop is slow', `My laptop takes ages, attempt ${i % 3}`] : VARIED[k % VARIED.length]!,
    });
  });
  await db.close();

  const app = await startApp('misuse', { MONGODB_URI: ctx.uri, MONGODB_DB_NAME: dbName });
  try {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const admin = await signIn(app.url, BENCH_ADMIN.username, BENCH_ADMIN.password);
    const rssBefore = app.peakRssMb();
    const cpuBefore = app.cpuSeconds();
    progress('misuse: POST /admin/trigger-misuse-detection');
    const started = Date.now();
    const summary = await longPost<Record<string, number>>(app.url, '/admin/trigger-misuse-detection', admin, {
      window_hours: 24,
    });
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    const apiCpuSeconds = Math.round((app.cpuSeconds() - cpuBefore) * 10) / 10;
    ctx.details['misuse'] = {
      summary,
      rss_before_mb: rssBefore,
      peak_rss_mb: app.peakRssMb(),
      api_cpu_seconds: apiCpuSeconds,
    };
    return [
      reported('misuse', 'users scanned', summary['users_scanned']!, 'users'),
      reported('misuse', 'tickets scanned', summary['tickets_scanned']!, 'tickets'),
      reported('misuse', 'reports created', summary['reports_created']!, 'reports'),
      atMost('misuse', 'run duration', seconds, 's', 60),
      reported('misuse', 'CPU used by the API during the run', apiCpuSeconds, 's'),
      reported('misuse', 'peak heap during the run', summary['peak_heap_mb']!, 'MiB'),
      reported('misuse', 'peak RSS of the API process', app.peakRssMb(), 'MiB'),
    ];
  } finally {
    await app.stop();
  }
}

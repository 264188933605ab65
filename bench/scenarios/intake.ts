import { BENCH_ADMIN, startApp } from '../lib/app';
import { api, load, signIn } from '../lib/load';
import { atLeast, atMost, progress, reported, type BenchRow } from '../lib/report';
import type { ScenarioContext } from './context';

const CLIENTS = 50;
const PASSWORD = 'bench-password-123';
const TEXTS = [
  ['VPN does not connect', 'The VPN client times out every morning after I sign in.'],
  ['Payslip is wrong', 'My March payslip shows the wrong overtime amount.'],
  ['Laptop is slow', 'Opening Outlook takes several minutes since the update.'],
  ['Parental leave', 'How do I apply for parental leave starting in May?'],
  ['Printer jam', 'The printer on the third floor jams on every page.'],
  ['Holiday balance', 'My remaining vacation days look too low for this year.'],
  ['Password expired', 'I cannot sign in because my password expired.'],
  ['Expense claim pending', 'My travel expense claim has been pending for a month.'],
];

/**
 * Intake: POST /tickets through the whole pipeline (quota, local harm screen and router,
 * assignment, storage, events), 50 clients who are 50 requesters, against the same app's
 * cheapest authenticated endpoint (GET /auth/me) measured in the same run.
 */
export async function intake(ctx: ScenarioContext): Promise<BenchRow[]> {
  const app = await startApp('intake', {
    MONGODB_URI: ctx.uri,
    MONGODB_DB_NAME: 'bench_intake',
    TICKETS_PER_DAY: '10000',
  });
  try {
    const admin = await signIn(app.url, BENCH_ADMIN.username, BENCH_ADMIN.password);
    for (const [username, role] of [
      ['bench-it', 'it_agent'],
      ['bench-it-2', 'it_agent'],
      ['bench-hr', 'hr_agent'],
      ['bench-hr-2', 'hr_agent'],
    ] as const)
      await api(app.url, '/users', admin, { username, email: `${username}@bench.local`, password: PASSWORD, role });
    const requesters: string[] = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      const username = `bench-requester-${i}`;
      await api(app.url, '/users', admin, {
        username,
        email: `${username}@bench.local`,
        password: PASSWORD,
        role: 'user',
      });
      requesters.push(await signIn(app.url, username, PASSWORD));
    }
    const bodies = Array.from({ length: 64 }, (_, i) => {
      const [title, description] = TEXTS[i % TEXTS.length]!;
      return { title: `${title} #${i}`, description };
    });
    progress('intake: baseline GET /auth/me');
    const baseline = await load({
      url: app.url,
      path: '/auth/me',
      tokens: requesters,
      connections: CLIENTS,
      seconds: ctx.seconds,
    });
    progress('intake: POST /tickets');
    const cpuBefore = app.cpuSeconds();
    const tickets = await load({
      url: app.url,
      path: '/tickets',
      method: 'POST',
      tokens: requesters,
      bodies,
      connections: CLIENTS,
      seconds: ctx.seconds,
    });
    // How busy the API itself was: well under one core means the time went elsewhere (the database).
    const apiCores = Math.round(((app.cpuSeconds() - cpuBefore) / ctx.seconds) * 100) / 100;
    const ratio = Math.round((tickets.requests_per_second / baseline.requests_per_second) * 100) / 100;
    ctx.details['intake'] = { baseline, tickets, api_cores_busy: apiCores };
    return [
      reported('intake', 'baseline GET /auth/me', baseline.requests_per_second, 'req/s'),
      reported('intake', 'POST /tickets', tickets.requests_per_second, 'req/s'),
      atLeast('intake', 'throughput ÷ baseline', ratio, 'ratio', 0.5),
      atMost('intake', 'POST /tickets p99', tickets.p99_ms, 'ms', 100),
      reported('intake', 'API CPU during POST /tickets', apiCores, 'cores'),
      atMost('intake', 'failed or non-2xx', tickets.errors + tickets.non_2xx, 'requests', 0),
    ];
  } finally {
    await app.stop();
  }
}

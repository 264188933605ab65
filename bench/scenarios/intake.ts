import { BENCH_ADMIN, coresBusy, startApp } from '../lib/app';
import { api, load, signIn } from '../lib/load';
import { connect, seedUsers, SEEDED_PASSWORD } from '../lib/seed';
import { atLeast, atMost, progress, reported, type BenchRow } from '../lib/report';
import { countingCommands, roundTripRows, roundTripsOfOne } from '../lib/round-trips';
import type { ScenarioContext } from './context';

const CLIENTS = 50;
/**
 * Requesters the clients take turns as, ten per client: autocannon hands each request the next
 * token, so with only 50 a requester's next ticket would often start before their last one was
 * stored, and the two would race for one quota slot (a retry, two more round trips) far more
 * often than people raise tickets.
 */
const REQUESTERS = CLIENTS * 10;
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
 * assignment, storage, events), 50 clients taking turns as 500 requesters, against the same app's
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
    const db = await connect(ctx.uri, 'bench_intake');
    await seedUsers(db, 'bench-requester', 'user', REQUESTERS);
    await db.close();
    const requesters: string[] = [];
    for (let i = 0; i < REQUESTERS; i += 1)
      requesters.push(await signIn(app.url, `bench-requester-${i}`, SEEDED_PASSWORD));
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
    const alone = await roundTripsOfOne(app, () => api(app.url, '/tickets', requesters[0]!, bodies[0]));
    progress('intake: POST /tickets');
    const cpuBefore = app.cpuSeconds();
    const databaseCpuBefore = ctx.databaseCpuSeconds?.();
    const {
      result: tickets,
      commands,
      byCommand,
    } = await countingCommands([app], () =>
      load({
        url: app.url,
        path: '/tickets',
        method: 'POST',
        tokens: requesters,
        bodies,
        connections: CLIENTS,
        seconds: ctx.seconds,
      }),
    );
    // How busy the API itself was: well under one core means the time went elsewhere (the database).
    const apiCores = coresBusy(app.cpuSeconds() - cpuBefore, ctx.seconds);
    const databaseCores =
      databaseCpuBefore === undefined
        ? undefined
        : coresBusy(ctx.databaseCpuSeconds!() - databaseCpuBefore, ctx.seconds);
    const ratio = Math.round((tickets.requests_per_second / baseline.requests_per_second) * 100) / 100;
    ctx.details['intake'] = {
      baseline,
      tickets,
      api_cores_busy: apiCores,
      database_commands: byCommand,
      database_commands_alone: alone.byCommand,
      database_cores_busy: databaseCores,
    };
    return [
      reported('intake', 'baseline GET /auth/me', baseline.requests_per_second, 'req/s'),
      reported('intake', 'POST /tickets', tickets.requests_per_second, 'req/s'),
      atLeast('intake', 'throughput ÷ baseline', ratio, 'ratio', 0.5),
      atMost('intake', 'POST /tickets p99', tickets.p99_ms, 'ms', 100),
      reported('intake', 'API CPU during POST /tickets', apiCores, 'cores'),
      ...(databaseCores === undefined
        ? []
        : [reported('intake', 'database CPU during POST /tickets', databaseCores, 'cores')]),
      ...roundTripRows('intake', 'POST /tickets', 'intake', alone, { commands, requests: tickets.requests }),
      atMost('intake', 'failed or non-2xx', tickets.errors + tickets.non_2xx, 'requests', 0),
    ];
  } finally {
    await app.stop();
  }
}

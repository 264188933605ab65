import { BENCH_ADMIN, startApp } from '../lib/app';
import { load, signIn } from '../lib/load';
import { atMost, progress, reported, type BenchRow } from '../lib/report';
import { countingCommands, roundTripRows, roundTripsOfOne } from '../lib/round-trips';
import type { ScenarioContext } from './context';

/**
 * Sign-ins per second of one process at the argon2id parameters, and whether they starve other
 * requests: /health's p99 while sign-ins run flat out, against /health alone.
 */
export async function login(ctx: ScenarioContext): Promise<BenchRow[]> {
  const app = await startApp('login', { MONGODB_URI: ctx.uri, MONGODB_DB_NAME: 'bench_login' });
  try {
    const credentials = { username: BENCH_ADMIN.username, password: BENCH_ADMIN.password };
    progress('login: /health alone');
    const idle = await load({ url: app.url, path: '/health', connections: 10, seconds: Math.max(3, ctx.seconds / 2) });
    const alone = await roundTripsOfOne(app, () => signIn(app.url, credentials.username, credentials.password));
    progress('login: sign-ins with /health beside them');
    const {
      result: [signIns, busy],
      commands,
      byCommand,
    } = await countingCommands([app], () =>
      Promise.all([
        load({
          url: app.url,
          path: '/auth/login',
          method: 'POST',
          body: credentials,
          connections: 16,
          seconds: ctx.seconds,
        }),
        load({ url: app.url, path: '/health', connections: 10, seconds: ctx.seconds }),
      ]),
    );
    ctx.details['login'] = {
      idle,
      signIns,
      busy,
      database_commands: byCommand,
      database_commands_alone: alone.byCommand,
    };
    return [
      reported('login', 'sign-ins per second (one process)', signIns.requests_per_second, 'req/s'),
      reported('login', 'sign-in p99', signIns.p99_ms, 'ms'),
      reported('login', '/health p99 alone', idle.p99_ms, 'ms'),
      atMost('login', '/health p99 during sign-ins', busy.p99_ms, 'ms', 50),
      // /health reads no database, so every command of the phase belongs to a sign-in.
      ...roundTripRows('login', 'sign-in', 'sign-in', alone, { commands, requests: signIns.requests }),
      atMost('login', 'failed or non-2xx sign-ins', signIns.errors + signIns.non_2xx, 'requests', 0),
    ];
  } finally {
    await app.stop();
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { commandsSent } from './round-trips';

const ROOT = join(__dirname, '..', '..');
export const RESULTS = join(__dirname, '..', 'results');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** CPU time a process has used so far (user + system), in seconds. */
export function processCpuSeconds(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Waits until the app has sent no database command for `quietMs` (its start-up index checks and
 * backfills done; background polls are not counted: BACKGROUND_COMMANDS), at most `timeoutMs`.
 */
export async function untilQuiet(app: BenchApp, quietMs = 3000, timeoutMs = 600_000): Promise<void> {
  const total = async () => Object.values(await app.databaseCommands()).reduce((a, b) => a + b, 0);
  const deadline = Date.now() + timeoutMs;
  let last = await total();
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    if (Date.now() > deadline) throw new Error(`the app was still sending commands after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await total();
    if (now !== last) [last, quietSince] = [now, Date.now()];
  }
}

/** How many cores `cpuSeconds` of CPU kept busy over `seconds` of wall time, to two places. */
export function coresBusy(cpuSeconds: number, seconds: number): number {
  return Math.round((cpuSeconds / seconds) * 100) / 100;
}

export interface BenchApp {
  url: string;
  /** Peak resident memory of the API process so far (VmHWM), in MiB. */
  peakRssMb(): number;
  /** CPU time the API process has used so far (user + system), in seconds. */
  cpuSeconds(): number;
  /** Database commands the app has sent so far (its /metrics counter, housekeeping left out). */
  databaseCommands(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export const BENCH_ADMIN = { username: 'bench-admin', password: 'bench-admin-password' };

/**
 * The compiled API (`dist/main.js`) in a process of its own, so load and server do not share an
 * event loop. It logs at the production level (info, one line per request) into
 * bench/results/<name>.log rather than through a pipe the bench would have to drain.
 */
export async function startApp(name: string, env: Record<string, string>): Promise<BenchApp> {
  const port = await freePort();
  mkdirSync(RESULTS, { recursive: true });
  const log = openSync(join(RESULTS, `${name}.log`), 'w');
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
      HOST: '127.0.0.1',
      PORT: String(port),
      BOOTSTRAP_ADMIN_USERNAME: BENCH_ADMIN.username,
      BOOTSTRAP_ADMIN_PASSWORD: BENCH_ADMIN.password,
      // e.g. BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=bench/results" to profile the server
      ...(process.env['BENCH_NODE_OPTIONS'] ? { NODE_OPTIONS: process.env['BENCH_NODE_OPTIONS'] } : {}),
      ...env,
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`API exited (${exitCode}); see bench/results/${name}.log`);
    if (Date.now() > deadline) throw new Error(`API did not start; see bench/results/${name}.log`);
    const ready = await fetch(`${url}/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    peakRssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    cpuSeconds() {
      return processCpuSeconds(child.pid!);
    },
    async databaseCommands() {
      const res = await fetch(`${url}/metrics`);
      if (!res.ok) throw new Error(`GET /metrics: ${res.status}`);
      return commandsSent(await res.text());
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

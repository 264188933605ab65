import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { startEphemeralDatabase } from '../src/database/local-server/local-database';
import { processCpuSeconds, RESULTS } from './lib/app';
import { printTable, progress, type BenchRow } from './lib/report';
import type { ScenarioContext } from './scenarios/context';
import { database } from './scenarios/database';
import { fanout, fanoutRedis } from './scenarios/fanout';
import { intake } from './scenarios/intake';
import { intakeParts } from './scenarios/intake-parts';
import { list } from './scenarios/list';
import { login } from './scenarios/login';
import { misuse } from './scenarios/misuse';
import { retrieval } from './scenarios/retrieval';
import { sla } from './scenarios/sla';

const SCENARIOS: Record<string, (ctx: ScenarioContext) => Promise<BenchRow[]>> = {
  database,
  intake,
  'intake-parts': intakeParts,
  login,
  retrieval,
  misuse,
  sla,
  fanout,
  'fanout-redis': fanoutRedis,
  list,
};

/** A SecantusDB of its own (the test suite's engine), unless BENCH_MONGODB_URI is given. */
async function databaseServer(): Promise<{ uri: string; description: string; pid?: number; stop(): Promise<void> }> {
  const given = process.env['BENCH_MONGODB_URI'];
  if (given) return { uri: given, description: 'BENCH_MONGODB_URI', stop: () => Promise.resolve() };
  const server = await startEphemeralDatabase({
    name: 'bench',
    report: progress,
    // As a database server is run: the engine's own cache and log sizes, not a test's.
    cacheSize: '4G',
    logFileMax: '128MB',
  });
  return {
    uri: server.uri,
    description: `${server.description}, started by the bench`,
    pid: server.pid,
    stop: () => server.stop(),
  };
}

/**
 * `npm run bench [-- intake list …]`: runs the scenarios, prints a table, writes
 * bench/results/latest.json and bench/results/<scenario>.json.
 */
async function main(): Promise<void> {
  const chosen = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const names = chosen.length > 0 ? chosen : Object.keys(SCENARIOS);
  const unknown = names.filter((name) => !SCENARIOS[name]);
  if (unknown.length > 0)
    throw new Error(`unknown scenarios: ${unknown.join(', ')} (known: ${Object.keys(SCENARIOS).join(', ')})`);
  const db = await databaseServer();
  const pid = db.pid;
  const ctx: ScenarioContext = {
    uri: db.uri,
    seconds: Number(process.env['BENCH_SECONDS'] ?? 10),
    details: {},
    ...(pid ? { databaseCpuSeconds: () => processCpuSeconds(pid) } : {}),
  };
  const rows: BenchRow[] = [];
  const out = RESULTS;
  mkdirSync(out, { recursive: true });
  const header = () => ({
    generated_at: new Date(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memory_gib: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    database: db.description,
    load_seconds: ctx.seconds,
  });
  try {
    for (const name of names) {
      progress(`scenario ${name}`);
      const detailsBefore = new Set(Object.keys(ctx.details));
      let scenarioRows: BenchRow[];
      try {
        scenarioRows = await SCENARIOS[name]!(ctx);
      } catch (error) {
        progress(`scenario ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
        scenarioRows = [
          { scenario: name, metric: 'scenario failed', value: 1, unit: 'error', budget: '≤ 0', pass: false },
        ];
      }
      rows.push(...scenarioRows);
      // One file per scenario as well, so results of separate runs can be kept side by side.
      const details = Object.fromEntries(Object.entries(ctx.details).filter(([key]) => !detailsBefore.has(key)));
      writeFileSync(
        join(out, `${name}.json`),
        `${JSON.stringify({ ...header(), rows: scenarioRows, details }, null, 2)}\n`,
      );
    }
  } finally {
    await db.stop();
  }
  printTable(rows);
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify({ ...header(), rows, details: ctx.details }, null, 2)}\n`);
  progress(`wrote ${join(out, 'latest.json')} and one file per scenario beside it`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

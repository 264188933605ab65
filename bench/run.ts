import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { RESULTS } from './lib/app';
import { printTable, progress, type BenchRow } from './lib/report';
import type { ScenarioContext } from './scenarios/context';
import { database } from './scenarios/database';
import { fanout, fanoutRedis } from './scenarios/fanout';
import { intake } from './scenarios/intake';
import { list } from './scenarios/list';
import { login } from './scenarios/login';
import { misuse } from './scenarios/misuse';
import { retrieval } from './scenarios/retrieval';

const SCENARIOS: Record<string, (ctx: ScenarioContext) => Promise<BenchRow[]>> = {
  database,
  intake,
  login,
  retrieval,
  misuse,
  fanout,
  'fanout-redis': fanoutRedis,
  list,
};

/** A database server of its own (FerretDB through scripts/test-db.mjs), unless BENCH_MONGODB_URI is given. */
async function databaseServer(): Promise<{ uri: string; stop(): Promise<void> }> {
  const given = process.env['BENCH_MONGODB_URI'];
  if (given) return { uri: given, stop: () => Promise.resolve() };
  const child = spawn(process.execPath, [join(__dirname, '..', 'scripts', 'test-db.mjs'), 'serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8').trim()));
    child.once('exit', (code) => reject(new Error(`database exited with code ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    uri: (JSON.parse(line) as { uri: string }).uri,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
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
  const ctx: ScenarioContext = { uri: db.uri, seconds: Number(process.env['BENCH_SECONDS'] ?? 10), details: {} };
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
    database: process.env['BENCH_MONGODB_URI'] ? 'BENCH_MONGODB_URI' : 'FerretDB 1.24.2 (SQLite), started by the bench',
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

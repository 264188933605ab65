// `npm test`: every unit and end-to-end spec against a real MongoDB-compatible server.
// MONGODB_URI when set; otherwise FerretDB when installed; otherwise an embedded MongoDB.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { findFerretDb, startTestDatabase } from './lib/database-server.mjs';

const require = createRequire(import.meta.url);
const jestBin = require.resolve('jest/bin/jest');

let database;
const env = { ...process.env };
if (!env.MONGODB_URI) {
  database = await startTestDatabase();
  env.MONGODB_URI = database.uri;
  process.stdout.write(`test database: ${database.kind} at ${database.uri}\n`);
} else {
  process.stdout.write('test database: MONGODB_URI from the environment\n');
}
const ferretDb = findFerretDb();
if (ferretDb) env.FERRETDB_BIN = ferretDb;

// Nest 12 packages are ES modules; Jest loads them from our CommonJS specs through require(esm),
// which needs the VM modules API.
env.NODE_OPTIONS = [env.NODE_OPTIONS, '--experimental-vm-modules', '--no-warnings=ExperimentalWarning']
  .filter(Boolean)
  .join(' ');

const child = spawn(process.execPath, [jestBin, ...process.argv.slice(2)], { stdio: 'inherit', env });
const stopDatabase = async () => {
  if (database) await database.stop();
  database = undefined;
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
const code = await new Promise((resolve) =>
  child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))),
);
await stopDatabase();
process.exit(code);

// `npm test`: every unit and end-to-end spec against a real MongoDB-compatible server:
// MONGODB_URI when set, otherwise a SecantusDB of the run's own (built once per machine when missing),
// and the local sentence model (built once per machine when missing).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { requireProjectModule } from './lib/typescript.mjs';

const require = createRequire(import.meta.url);
const jestBin = require.resolve('jest/bin/jest');

// The local sentence model behind hybrid retrieval, built once per machine (scripts/model.mjs).
const model = spawnSync(process.execPath, [fileURLToPath(new URL('./model.mjs', import.meta.url)), 'install'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (model.status !== 0) {
  process.stderr.write('\nthe local sentence model could not be installed (npm run model:install says why)\n\n');
  process.exit(69);
}

let database;
const env = { ...process.env };
if (!env.MONGODB_URI) {
  const { startEphemeralDatabase } = requireProjectModule('src/database/local-server/local-database.ts');
  try {
    database = await startEphemeralDatabase({ name: 'npm-test', report: (line) => process.stderr.write(`${line}\n`) });
  } catch (error) {
    process.stderr.write(`\n${error.message}\n\n`);
    process.exit(69);
  }
  env.MONGODB_URI = database.uri;
  process.stdout.write(`test database: ${database.description} at ${database.uri} (removed at the end)\n`);
} else {
  process.stdout.write('test database: MONGODB_URI from the environment\n');
}

// Nest 12 packages are ES modules; Jest loads them from our CommonJS specs through require(esm),
// which needs the VM modules API.
env.NODE_OPTIONS = [env.NODE_OPTIONS, '--experimental-vm-modules', '--no-warnings=ExperimentalWarning']
  .filter(Boolean)
  .join(' ');

const child = spawn(process.execPath, [jestBin, ...process.argv.slice(2)], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
const code = await new Promise((resolve) =>
  child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))),
);
await database?.stop();
process.exit(code);

// `npm run test:contract`: schemathesis (pinned, from PyPI, in a virtual environment the project
// owns) fuzzes the running API from its own OpenAPI document, as a user, an agent and an admin,
// with every check. Any finding fails the run. Options:
//   --max-examples N   test cases per operation and phase (default 10)
//   --max-time S       time budget of each role's run, in seconds (default 240)
//   --seed N           reproduce a run (schemathesis prints the seed of each)
// The app runs on the test database (MONGODB_URI, or a SecantusDB of its own) with NODE_ENV=test.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { requireProjectModule } from './lib/typescript.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = join(root, '.tmp', 'contract');
const venv = join(root, '.tmp', 'contract-venv');
const requirements = join(root, 'scripts', 'contract', 'requirements.txt');
const say = (line) => process.stderr.write(`[contract] ${line}\n`);

const { values: options } = parseArgs({
  options: {
    'max-examples': { type: 'string', default: '10' },
    'max-time': { type: 'string', default: '240' },
    seed: { type: 'string' },
  },
});

/**
 * What the fuzzer must not call, and why: each would end the session it fuzzes with (logout;
 * a password change that guessed right), or send requests off this machine (a webhook
 * subscription is delivered to whatever URL the fuzzer invents).
 */
const EXCLUDED = [
  ['POST /auth/logout', 'ends the session the run uses'],
  ['POST /auth/change-password', 'ends every session of the account'],
  ['POST /admin/webhooks', 'deliveries would go to the URLs the fuzzer invents'],
];

/** The pinned schemathesis in .tmp/contract-venv, (re)built when requirements.txt changes. */
function ensureVenv() {
  const wanted = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  const stamp = join(venv, 'requirements.sha256');
  const schemathesis = join(venv, 'bin', 'schemathesis');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(schemathesis)) return schemathesis;
  say(`installing schemathesis from PyPI into ${venv}`);
  rmSync(venv, { recursive: true, force: true });
  const run = (command, args) => {
    const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.error})`);
  };
  run('python3', ['-m', 'venv', venv]);
  // Every package pinned, so every machine fuzzes with the same code.
  run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--no-deps', '--disable-pip-version-check', '-r', requirements]);
  writeFileSync(stamp, wanted);
  return schemathesis;
}

/** The API as its own process, on a free port; resolves once it logs server_started. */
async function startApi(env) {
  const log = createWriteStream(join(work, 'api.log'));
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(root, 'src', 'main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pipe(log);
  child.stdout.pipe(log);
  // The output is scanned line by line until the start is logged; after that only the log takes it.
  const port = await new Promise((resolve, reject) => {
    let partial = '';
    const scan = (chunk) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      const started = lines.find((line) => line.includes('"event":"server_started"'));
      if (!started) return;
      child.stdout.off('data', scan);
      resolve(Number(/"port":(\d+)/.exec(started)?.[1]));
    };
    child.stdout.on('data', scan);
    child.once('exit', (code) => reject(new Error(`the API exited (${code}) before it started; see ${work}/api.log`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function call(url, path, { token, body, method = body ? 'POST' : 'GET' } = {}) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Accounts of every role, and something for each of them to find: a ticket, a document. */
async function seed(url, admin) {
  const signIn = async (username, password) =>
    (await call(url, '/auth/login', { body: { username, password } })).access_token;
  const adminToken = await signIn(admin.username, admin.password);
  const accounts = { agent: ['contract.agent', 'it_agent'], user: ['contract.user', 'user'] };
  const tokens = { admin: adminToken };
  for (const [role, [username, userRole]] of Object.entries(accounts)) {
    const password = `${username}-password-0123`;
    await call(url, '/users', {
      token: adminToken,
      body: { username, email: `${username}@contract.test`, password, role: userRole },
    });
    tokens[role] = await signIn(username, password);
  }
  await call(url, '/tickets', {
    token: tokens.user,
    body: { title: 'VPN times out', description: 'The VPN client times out every morning at 9.' },
  });
  await call(url, '/admin/documents', {
    token: adminToken,
    body: { title: 'VPN help', category: 'IT', content: '# VPN times out\nRestart the client and approve MFA.' },
  });
  return tokens;
}

async function main() {
  mkdirSync(work, { recursive: true });
  const schemathesis = ensureVenv();
  let database;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    const { startEphemeralDatabase } = requireProjectModule('src/database/local-server/local-database.ts');
    database = await startEphemeralDatabase({ name: 'contract', report: say });
    uri = database.uri;
  }
  const admin = { username: 'contract.admin', password: 'contract-admin-password-0123' };
  const api = await startApi({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    MONGODB_URI: uri,
    MONGODB_DB_NAME: `contract_${Date.now()}`,
    JWT_SECRET: 'contract-test-secret-that-is-long-enough-0123456789',
    BOOTSTRAP_ADMIN_USERNAME: admin.username,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    // The fuzzer files many tickets: the daily quota is for people.
    TICKETS_PER_DAY: '10000',
  });
  const failed = [];
  try {
    const tokens = await seed(api.url, admin);
    say(`excluded: ${EXCLUDED.map(([operation, why]) => `${operation} (${why})`).join('; ')}`);
    // Admin last: its run may deactivate or demote the others' accounts, never its own (the
    // last active admin cannot be), so every run keeps a working session.
    for (const role of ['user', 'agent', 'admin']) {
      say(`fuzzing as ${role}`);
      const args = [
        '--config-file',
        join(root, 'scripts', 'contract', 'schemathesis.toml'),
        'run',
        `${api.url}/docs-json`,
        '--header',
        `Authorization: Bearer ${tokens[role]}`,
        '--max-examples',
        options['max-examples'],
        '--workers',
        '1',
        '--max-time',
        options['max-time'],
        // Reproducible from --seed alone: no example database carried between runs.
        '--generation-database',
        'none',
        '--report',
        'junit',
        '--report-dir',
        join(work, role),
        ...EXCLUDED.flatMap(([operation]) => ['--exclude-name', operation]),
        ...(options.seed ? ['--seed', options.seed] : []),
      ];
      // The fuzzer's own report goes to a file, and only our one-line summary (or, on a finding,
      // the whole report) to the console: its closing pytest-style line ("4 warnings in 240s")
      // reads to a CI log scanner as a test run of zero tests, hiding the suite's real counts.
      mkdirSync(join(work, role), { recursive: true });
      const logPath = join(work, role, 'schemathesis.log');
      const log = openSync(logPath, 'w');
      // Not spawnSync: this process must keep reading the API's output while the fuzzer runs, or
      // the API blocks on a full stdout pipe and stops answering.
      const fuzzer = spawn(schemathesis, args, {
        cwd: work,
        stdio: ['ignore', log, log],
        // scripts/contract/hooks.py: rules between query parameters that OpenAPI cannot state.
        env: {
          ...process.env,
          NO_COLOR: '1',
          SCHEMATHESIS_HOOKS: 'hooks',
          PYTHONPATH: join(root, 'scripts', 'contract'),
        },
      });
      const status = await new Promise((resolve) => fuzzer.once('exit', (code, signal) => resolve(code ?? signal)));
      closeSync(log);
      const report = readFileSync(logPath, 'utf8');
      const cases = /Test cases:\s*(\d+) generated/.exec(report)?.[1] ?? 'an unknown number of';
      if (status !== 0) {
        failed.push(role);
        process.stderr.write(report);
        say(`as ${role}: ${cases} generated cases, findings (exit ${status}); the report above, also in ${logPath}`);
      } else {
        say(`as ${role}: ${cases} generated cases, no findings; the report in ${logPath}`);
      }
    }
  } finally {
    await api.stop();
    await database?.stop();
  }
  if (failed.length > 0) {
    say(`findings as ${failed.join(', ')}; reports in ${work}/<role>/, the API's log in ${work}/api.log`);
    process.exit(1);
  }
  say('no findings');
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});

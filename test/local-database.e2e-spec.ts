import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { isAlive, readRecord, stopRecordedServer } from '../src/database/local-server/server-process';
import { checkSecantusBinary, secantusBinaryPath } from '../src/database/local-server/secantus';
import { DEMO_ACCOUNTS } from '../src/users/seed/demo-accounts';
import { spawnApp, type AppProcess } from './support/app-process';

jest.setTimeout(120_000);

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const alice = DEMO_ACCOUNTS.find((account) => account.username === 'alice')!;

/**
 * The development server without MONGODB_URI, as a newcomer meets it: it finds or builds a local
 * database, keeps its data across restarts, and when nothing works says exactly what to run.
 * Every run gets its own HOME, cache and data folder, so the developer's own are never touched.
 */
describe('the local development database (MONGODB_URI unset)', () => {
  let scratch: string;
  let dataDir: string;
  /** A machine where mongodb-memory-server has no MongoDB and cannot download one. */
  let noMongodb: NodeJS.ProcessEnv;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'helpdesk-local-db-'));
    dataDir = join(scratch, 'data');
    noMongodb = {
      HOME: join(scratch, 'home'),
      MONGOMS_DOWNLOAD_DIR: join(scratch, 'mongodb-binaries'),
      // Nothing listens there: the download host does not answer.
      MONGOMS_DOWNLOAD_URL: 'http://127.0.0.1:9/mongodb.tgz',
    };
  });
  // An app a failed expectation left running would keep Jest from exiting, and its server alive.
  const running: AppProcess[] = [];
  afterEach(async () => {
    for (const app of running.splice(0))
      if (app.child.exitCode === null && app.child.signalCode === null) {
        app.child.kill('SIGKILL');
        await app.exited;
      }
  });
  afterAll(async () => {
    await stopRecordedServer(join(dataDir, 'secantus'));
    rmSync(scratch, { recursive: true, force: true });
  });

  const development = (extra: NodeJS.ProcessEnv = {}): AppProcess => {
    const app = spawnApp({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: '0',
      DEV_DATABASE_DIR: dataDir,
      ...noMongodb,
      ...extra,
    });
    running.push(app);
    return app;
  };

  it('exits 69 with one paragraph saying what to run when no database can be had', async () => {
    const started = Date.now();
    const app = development({
      // No SecantusDB cached, and no cargo on PATH to build one.
      XDG_CACHE_HOME: join(scratch, 'empty-cache'),
      SECANTUSD_BIN: '',
      PATH: '/nonexistent',
    });
    expect(await app.exited).toBe(69);
    expect(Date.now() - started).toBeLessThan(30_000);
    const paragraph = app.stderr.join('').trim();
    expect(paragraph).toMatch(/^No database for the development server: MONGODB_URI is not set, and /);
    expect(paragraph).toContain('mongodb-memory-server has no MongoDB binary cached');
    expect(paragraph).toContain('SecantusDB 0.5.3-beta.196 is not built and cargo (Rust) is not installed');
    expect(paragraph).toContain("(MongoDB's download host) did not answer within 3 s");
    expect(paragraph).toContain('npm run db:install');
    expect(paragraph).toContain('MONGODB_URI=mongodb://');
    expect(paragraph).not.toMatch(/\n| {4}at /); // one paragraph, no stack trace
  });

  describe('with SecantusDB built', () => {
    const problem = checkSecantusBinary(secantusBinaryPath());
    beforeAll(() => {
      if (problem) throw new Error(`npm test provides SecantusDB; this one cannot be used: ${problem}`);
    });
    const withSecantus = (extra: NodeJS.ProcessEnv = {}) =>
      development({ SECANTUSD_BIN: secantusBinaryPath(), ...extra });
    const home = () => join(dataDir, 'secantus');

    async function ready(app: AppProcess) {
      const database = await app.waitForEvent('local_database_started', 60_000);
      const started = await app.waitForEvent('server_started', 60_000);
      const http = request(`http://127.0.0.1:${(started['data'] as { port: number }).port}`);
      const token = (
        await http.post('/auth/login').send({ username: alice.username, password: alice.password }).expect(200)
      ).body.access_token as string;
      const tickets = async () =>
        (await http.get('/tickets').set('Authorization', `Bearer ${token}`).expect(200)).body.total_count as number;
      return { database: database['data'] as { uri: string; server: string; reused: boolean }, http, token, tickets };
    }
    async function stop(app: AppProcess) {
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    }

    it('starts it with demo accounts, names the URL, Swagger UI and how to sign in, and stops it on exit', async () => {
      const app = withSecantus();
      const { database, http, token, tickets } = await ready(app);
      expect(database.server).toContain(`SecantusDB 0.5.3-beta.196 (data in ${home()}, kept across restarts)`);
      expect(database.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/helpdesk$/);
      expect(await tickets()).toBe(0);
      await http
        .post('/tickets')
        .set('Authorization', `Bearer ${token}`)
        .send({ title: 'Monitor flickers', description: 'My second monitor flickers every few seconds.' })
        .expect(201);

      const welcome = app.stderr.join('');
      expect(welcome).toMatch(/Helpdesk API: http:\/\/127\.0\.0\.1:\d+\n/);
      expect(welcome).toMatch(/Swagger UI: +http:\/\/127\.0\.0\.1:\d+\/docs\n/);
      for (const account of DEMO_ACCOUNTS) expect(welcome).toContain(`${account.username} / ${account.password}`);
      expect(welcome).toContain('POST /auth/login');

      const pid = readRecord(home())!.pid;
      await stop(app);
      expect(isAlive(pid)).toBe(false);
      expect(readRecord(home())).toBeUndefined();
    });

    it('keeps the data across a restart, and takes over the server a killed app left running', async () => {
      const first = withSecantus();
      expect(await (await ready(first)).tickets()).toBe(1);
      first.child.kill('SIGKILL');
      await first.exited;
      const orphan = readRecord(home())!.pid;
      expect(isAlive(orphan)).toBe(true);

      const second = withSecantus();
      const { database, tickets } = await ready(second);
      expect(database.reused).toBe(true);
      expect(readRecord(home())!.pid).toBe(orphan);
      expect(await tickets()).toBe(1);
      await stop(second);
      expect(isAlive(orphan)).toBe(false);
    });

    it('starts empty with DEV_DATABASE_FRESH=true', async () => {
      const app = withSecantus({ DEV_DATABASE_FRESH: 'true' });
      // The demo accounts are seeded again, into an empty database.
      expect(await (await ready(app)).tickets()).toBe(0);
      await stop(app);
    });

    it('`npm run db:start` returns at once with a URI, leaves the server to `npm start`, and `db:stop` ends it', async () => {
      const env = {
        ...process.env,
        ...noMongodb,
        NODE_ENV: 'development',
        DEV_DATABASE_DIR: dataDir,
        SECANTUSD_BIN: secantusBinaryPath(),
      };
      // execFile resolves only once the script's pipes close: a server holding them would hang here.
      const started = await run(process.execPath, [join(ROOT, 'scripts', 'db.mjs'), 'start'], { env, timeout: 60_000 });
      expect(started.stdout).toMatch(/^MONGODB_URI=mongodb:\/\/127\.0\.0\.1:\d+\/helpdesk\n$/);
      expect(started.stderr).toContain(`data in ${home()}, kept when it stops (npm run db:stop)`);
      const server = readRecord(home())!.pid;

      const app = withSecantus();
      const { database } = await ready(app);
      expect(database.uri).toBe(started.stdout.trim().replace('MONGODB_URI=', ''));
      expect(database.reused).toBe(true);
      await stop(app);
      expect(isAlive(server)).toBe(true);

      const stopped = await run(process.execPath, [join(ROOT, 'scripts', 'db.mjs'), 'stop'], { env, timeout: 60_000 });
      expect(stopped.stderr).toContain(`stopped pid ${server}; the data stays in ${home()}`);
      expect(isAlive(server)).toBe(false);
      expect(existsSync(join(home(), 'data'))).toBe(true);
    });
  });
});

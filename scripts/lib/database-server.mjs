// Starts the real MongoDB-compatible server the tests run against: FerretDB (SQLite handler) when
// its binary is available, otherwise an embedded MongoDB from mongodb-memory-server.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const FERRETDB_VERSION = 'v1.24.2';

/** Where `.ci/run` caches the FerretDB it builds; also honoured for developers. */
export const FERRETDB_CACHE_BIN = join(homedir(), '.cache', 'helpdesk-api', `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');

export function findFerretDb() {
  const candidates = [process.env.FERRETDB_BIN, FERRETDB_CACHE_BIN];
  try {
    candidates.push(execFileSync('sh', ['-c', 'command -v ferretdb'], { encoding: 'utf8' }).trim());
  } catch {
    // not on PATH
  }
  try {
    const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim();
    candidates.push(join(gopath, 'bin', 'ferretdb'));
  } catch {
    // no Go toolchain
  }
  return candidates.find((candidate) => candidate && existsSync(candidate));
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`database server exited early with code ${child.exitCode}`);
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`database server did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** FerretDB on a free loopback port with its data in a fresh temporary directory. */
export async function startFerretDb(binary, { port, quiet = true } = {}) {
  const listenPort = port ?? (await freePort());
  const workDir = mkdtempSync(join(tmpdir(), 'helpdesk-ferretdb-'));
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${workDir}/`,
      `--state-dir=${workDir}`,
      `--listen-addr=127.0.0.1:${listenPort}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    { stdio: quiet ? 'ignore' : 'inherit' },
  );
  await waitForPort(listenPort, child);
  return {
    kind: 'ferretdb',
    uri: `mongodb://127.0.0.1:${listenPort}/`,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export async function startEmbeddedMongo() {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  try {
    const server = await MongoMemoryServer.create({ instance: { ip: '127.0.0.1' } });
    return { kind: 'mongodb-memory-server', uri: server.getUri(), pid: process.pid, stop: () => server.stop() };
  } catch (error) {
    throw new Error(
      `No test database: FerretDB is not installed and the embedded MongoDB could not start (${error.message}). ` +
        'Set MONGODB_URI to a MongoDB 6+ server, or install FerretDB (see README).',
      { cause: error },
    );
  }
}

/** Builds FerretDB with scripts/install-ferretdb.sh when Go is there; undefined when it cannot. */
export function installFerretDb() {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  process.stderr.write(`building FerretDB ${FERRETDB_VERSION} for the tests (once per machine)...\n`);
  const script = new URL('../install-ferretdb.sh', import.meta.url).pathname;
  return execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** FerretDB when available (built first if Go can), else the embedded MongoDB. */
export async function startTestDatabase(options = {}) {
  const binary = findFerretDb() ?? installFerretDb();
  return binary ? startFerretDb(binary, options) : startEmbeddedMongo();
}

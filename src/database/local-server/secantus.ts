import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isAlive, reuseRunningServer, spawnServer, type LocalServer } from './server-process';

/**
 * SecantusDB's standalone server (`secantusd-rs` from the crates.io crate `secantus-mdb`, GPL-2.0,
 * run as a separate process): MongoDB's wire protocol over WiredTiger, a single-node replica set.
 * The version is pinned: the test suite's results are only comparable on one engine build.
 */
export const SECANTUS_CRATE = 'secantus-mdb';
export const SECANTUS_VERSION = '0.5.3-beta.196';
export const SECANTUS_EXECUTABLE = 'secantusd-rs';
export const SECANTUS_DESCRIPTION = `SecantusDB ${SECANTUS_VERSION}`;
/** Crates cargo compiles for this version on Linux x64 (counted in a build here), for progress lines. */
const CRATES_TO_COMPILE = 210;

export type Progress = (line: string) => void;

/** Per-machine cache shared by every clone: `$XDG_CACHE_HOME/helpdesk-api`, else `~/.cache/helpdesk-api`. */
export function machineCacheDir(): string {
  return join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'helpdesk-api');
}

const installRoot = () => join(machineCacheDir(), `${SECANTUS_CRATE}-${SECANTUS_VERSION}`);

/** `SECANTUSD_BIN` when set, else the build this project caches per machine. */
export function secantusBinaryPath(): string {
  return process.env['SECANTUSD_BIN'] || join(installRoot(), 'bin', SECANTUS_EXECUTABLE);
}

/** Why a binary cannot be used, with what it printed; undefined when it runs and is the pinned version. */
export function checkSecantusBinary(binary: string): string | undefined {
  if (!existsSync(binary)) return `${binary} does not exist`;
  const run = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (run.error) return `${binary} --version failed: ${run.error.message}`;
  const printed = `${run.stdout}${run.stderr}`.trim();
  if (run.status !== 0) return `${binary} --version exited with ${run.status ?? run.signal}: ${printed}`;
  if (!run.stdout.startsWith(`${SECANTUS_EXECUTABLE} ${SECANTUS_VERSION}`))
    return `${binary} is not ${SECANTUS_DESCRIPTION} (it says "${printed.split('\n')[0]}")`;
  return undefined;
}

export function cargoAvailable(): boolean {
  return spawnSync('cargo', ['--version'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pid building now, or 'gone' when the lock outlived its builder (or was never finished). */
function lockHolder(lock: string): number | 'gone' {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    return pid && isAlive(pid) ? pid : 'gone';
  } catch {
    // No pid yet: a builder between mkdir and writing its pid, unless that was long ago.
    try {
      return Date.now() - statSync(lock).mtimeMs > 10_000 ? 'gone' : 0;
    } catch {
      return 'gone';
    }
  }
}

/**
 * One build per machine at a time: the lock is a folder (mkdir is atomic) naming its builder's
 * pid, so a build left by a killed process does not block the next one forever.
 */
async function withBuildLock<T>(report: Progress, build: () => Promise<T>): Promise<T> {
  const lock = `${installRoot()}.lock`;
  mkdirSync(machineCacheDir(), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = lockHolder(lock);
      if (holder === 'gone') {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced)
        report(`waiting for another build of ${SECANTUS_DESCRIPTION} (pid ${holder || 'not yet written'}) to finish`);
      announced = true;
      await sleep(2_000);
    }
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  try {
    return await build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const minutes = (ms: number) => `${Math.floor(ms / 60_000)}m${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}s`;

/**
 * Builds the pinned SecantusDB with cargo into the machine cache (about 6 minutes on 2 cores,
 * once per machine), reporting progress; returns the binary. The build happens in folders of its
 * own that are removed whatever happens, and the result is moved into place only once it runs.
 */
export async function buildSecantus(report: Progress): Promise<string> {
  return withBuildLock(report, async () => {
    // Another process may have finished the build while this one waited for the lock.
    if (!checkSecantusBinary(secantusBinaryPath())) return secantusBinaryPath();
    const staging = `${installRoot()}.partial-${process.pid}`;
    const targetDir = `${staging}-target`;
    rmSync(staging, { recursive: true, force: true });
    const started = Date.now();
    report(
      `building ${SECANTUS_DESCRIPTION} with cargo into ${installRoot()} (once per machine; about 6 minutes on 2 cores)`,
    );
    try {
      const tail: string[] = [];
      const code = await new Promise<number | null>((resolve, reject) => {
        const cargo = spawn(
          'cargo',
          [
            'install',
            SECANTUS_CRATE,
            '--version',
            SECANTUS_VERSION,
            '--locked',
            '--ignore-rust-version',
            '--root',
            staging,
            '--target-dir',
            targetDir,
          ],
          {
            stdio: ['ignore', 'ignore', 'pipe'],
            env: { ...process.env, CARGO_TERM_COLOR: 'never', CARGO_TERM_PROGRESS_WHEN: 'never' },
          },
        );
        let compiled = 0;
        let lastReport = Date.now();
        createInterface({ input: cargo.stderr }).on('line', (line) => {
          tail.push(line);
          if (tail.length > 40) tail.shift();
          if (/^\s*Compiling /.test(line)) compiled += 1;
          const everyTen = /^\s*Compiling /.test(line) && compiled % 10 === 0;
          if (everyTen || Date.now() - lastReport > 30_000) {
            lastReport = Date.now();
            report(
              `  ${compiled}/${Math.max(compiled, CRATES_TO_COMPILE)} crates compiled, ${minutes(Date.now() - started)}`,
            );
          } else if (/^\s*(Downloading crates|Finished|Installing) /.test(line)) report(`  ${line.trim()}`);
        });
        cargo.once('error', reject);
        cargo.once('close', resolve);
      });
      if (code !== 0) throw new Error(`cargo install failed (exit ${code}):\n${tail.join('\n')}`);
      const built = join(staging, 'bin', SECANTUS_EXECUTABLE);
      const problem = checkSecantusBinary(built);
      if (problem) throw new Error(`the freshly built server does not run: ${problem}`);
      rmSync(installRoot(), { recursive: true, force: true });
      renameSync(staging, installRoot());
      report(`built ${SECANTUS_DESCRIPTION} in ${minutes(Date.now() - started)}`);
      return join(installRoot(), 'bin', SECANTUS_EXECUTABLE);
    } finally {
      rmSync(staging, { recursive: true, force: true });
      rmSync(targetDir, { recursive: true, force: true });
    }
  });
}

/** The cached binary, verified; built first when it is missing and cargo is there. */
export async function ensureSecantus(report: Progress): Promise<string> {
  const binary = secantusBinaryPath();
  const problem = checkSecantusBinary(binary);
  if (!problem) return binary;
  if (process.env['SECANTUSD_BIN']) throw new Error(`SECANTUSD_BIN cannot be used: ${problem}`);
  if (existsSync(binary)) report(`the cached ${SECANTUS_DESCRIPTION} cannot be used (${problem}); building it again`);
  if (!cargoAvailable()) throw new Error(`${SECANTUS_DESCRIPTION} is not built and cargo (Rust) is not installed`);
  return buildSecantus(report);
}

export interface SecantusOptions {
  /** The server's folder: `data/` (WiredTiger's home), `server.log`, `server.json`. */
  home: string;
  /** Kept after stop, and reused while it runs; otherwise removed at stop. */
  persistent: boolean;
  databaseName?: string;
  /** 0 (the default) lets the server pick a free one. */
  port?: number;
  /** WiredTiger's cache; the server's default (4G) is more than a test needs. */
  cacheSize?: string;
  /** WiredTiger allocates a log file of this size up front: the size of an empty store. */
  logFileMax?: string;
  report: Progress;
}

async function answersHello(port: number): Promise<boolean> {
  const { MongoClient } = (await import('mongoose')).mongo;
  const client = new MongoClient(`mongodb://127.0.0.1:${port}/`, {
    serverSelectionTimeoutMS: 2_000,
    directConnection: true,
  });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}

/**
 * SecantusDB on a free loopback port (the server picks it) with its data in `home`. A persistent
 * home that a running server already serves is reused instead (and left running afterwards).
 */
export async function startSecantus(options: SecantusOptions): Promise<LocalServer> {
  const binary = await ensureSecantus(options.report);
  const server = {
    description: SECANTUS_DESCRIPTION,
    executable: binary,
    home: options.home,
    persistent: options.persistent,
    ...(options.databaseName ? { databaseName: options.databaseName } : {}),
  };
  if (options.persistent) {
    const running = await reuseRunningServer(server, answersHello);
    if (running) return running;
  }
  mkdirSync(options.home, { recursive: true });
  // An explicit, empty configuration: otherwise the server reads a secantusd.toml it finds in
  // the working directory or ~/.secantus, and a stray file there would change our databases.
  const config = join(options.home, 'secantusd.toml');
  writeFileSync(config, '# Empty on purpose: the flags set everything (see src/database/local-server/secantus.ts).\n');
  return spawnServer({
    ...server,
    args: [
      '--config',
      config,
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port ?? 0),
      '--storage-path',
      join(options.home, 'data'),
      '--log-level',
      'WARNING',
      '--cache-size',
      options.cacheSize ?? '1G',
      ...(options.logFileMax ? ['--log-file-max', options.logFileMax] : []),
    ],
  });
}

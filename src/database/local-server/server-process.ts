import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A database server process this project started, or found running and reused. */
export interface LocalServer {
  /** What it is, for people: "SecantusDB 0.5.3-beta.196". */
  readonly description: string;
  /** `mongodb://127.0.0.1:<port>/` with the database name when one was asked for. */
  readonly uri: string;
  readonly port: number;
  readonly pid: number;
  /** Where its data lives; kept after `stop()` only when the server is persistent. */
  readonly home: string;
  readonly persistent: boolean;
  /** False when it was started to outlive its starter (`npm run db:start`): then `stop()` leaves it running. */
  readonly owned: boolean;
  /** It was already running: this process found it rather than started it. */
  readonly reused: boolean;
  stop(): Promise<void>;
  /** Leave it running when this process exits (`npm run db:start`); by default an exiting starter stops it. */
  keepAfterExit(): void;
}

/** What a server's home records about it, so a later caller can reuse it or clean up after it. */
interface ServerRecord {
  pid: number;
  port: number | null;
  /** The process that started it; an ephemeral server whose owner is gone is garbage. */
  owner_pid: number;
  persistent: boolean;
  /** Started to outlive its starter (`npm run db:start`): whoever reuses it leaves it running. */
  kept?: boolean;
}

const RECORD_FILE = 'server.json';
const LOG_FILE = 'server.log';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux tells what a pid runs; elsewhere trust that it is alive (pids are rarely reused fast). */
function runs(pid: number, executableName: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(executableName);
  } catch {
    return true;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** SIGTERM (the server checkpoints and closes its files), then SIGKILL if it will not go. */
export async function stopProcess(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (!(await waitForExit(pid, STOP_TIMEOUT_MS))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    await waitForExit(pid, 5_000);
  }
}

/** Stops the server a home's record names (started by anyone) and forgets it; the data stays. */
export async function stopRecordedServer(home: string): Promise<number | undefined> {
  const record = readRecord(home);
  if (!record) return undefined;
  await stopProcess(record.pid);
  rmSync(join(home, RECORD_FILE), { force: true });
  return record.pid;
}

export function readRecord(home: string): ServerRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(home, RECORD_FILE), 'utf8')) as ServerRecord;
  } catch {
    return undefined;
  }
}

function writeRecord(home: string, record: ServerRecord): void {
  writeFileSync(join(home, RECORD_FILE), `${JSON.stringify(record)}\n`);
}

export function lastLogLines(home: string, count = 20): string {
  try {
    return readFileSync(join(home, LOG_FILE), 'utf8').trimEnd().split('\n').slice(-count).join('\n');
  } catch {
    return '';
  }
}

export interface SpawnServerOptions {
  description: string;
  executable: string;
  /** Arguments; the server must print `listening on <host>:<port>` on stdout when it accepts connections. */
  args: string[];
  /** The server's own folder: its data, log and record live inside. */
  home: string;
  persistent: boolean;
  databaseName?: string;
}

/**
 * Starts a database server detached, with its output in `<home>/server.log` rather than a pipe:
 * a server that outlives its starter (`npm run db:start`) must not die writing to a closed pipe,
 * and Ctrl-C in a terminal reaches only the app, which then stops the server after it has drained.
 */
export async function spawnServer(options: SpawnServerOptions): Promise<LocalServer> {
  mkdirSync(options.home, { recursive: true });
  const logPath = join(options.home, LOG_FILE);
  const log = openSync(logPath, 'w');
  const child = spawn(options.executable, options.args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.description} did not start: ${(await spawnError).message}`);
  child.unref();
  writeRecord(options.home, { pid, port: null, owner_pid: process.pid, persistent: options.persistent });

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let port: number | undefined;
  while (port === undefined) {
    const listening = /listening on [^\s:]+:(\d+)/.exec(readFileSync(logPath, 'utf8'));
    if (listening) port = Number(listening[1]);
    else if (!isAlive(pid) || child.exitCode !== null) {
      throw new Error(`${options.description} exited at start:\n${lastLogLines(options.home)}`);
    } else if (Date.now() > deadline) {
      await stopProcess(pid);
      throw new Error(
        `${options.description} did not listen within ${READY_TIMEOUT_MS} ms:\n${lastLogLines(options.home)}`,
      );
    } else await sleep(25);
  }
  writeRecord(options.home, { pid, port, owner_pid: process.pid, persistent: options.persistent });
  return serverHandle(options, pid, port, { owned: true, reused: false });
}

function serverHandle(
  options: Pick<SpawnServerOptions, 'description' | 'home' | 'persistent' | 'databaseName'>,
  pid: number,
  port: number,
  { owned, reused }: { owned: boolean; reused: boolean },
): LocalServer {
  let stopped: Promise<void> | undefined;
  // A starter that exits without stopping its server (an uncaught error, process.exit) still
  // asks it to go; it cannot wait for it, and a later run sweeps an ephemeral server's folder.
  const onExit = () => {
    if (!stopped && isAlive(pid)) process.kill(pid, 'SIGTERM');
  };
  if (owned) process.once('exit', onExit);
  return {
    description: options.description,
    uri: `mongodb://127.0.0.1:${port}/${options.databaseName ?? ''}`,
    port,
    pid,
    home: options.home,
    persistent: options.persistent,
    owned,
    reused,
    stop() {
      if (!owned) return Promise.resolve();
      stopped ??= (async () => {
        process.off('exit', onExit);
        await stopProcess(pid);
        if (options.persistent) rmSync(join(options.home, RECORD_FILE), { force: true });
        else rmSync(options.home, { recursive: true, force: true });
      })();
      return stopped;
    },
    keepAfterExit() {
      process.off('exit', onExit);
      const record = readRecord(options.home);
      if (record) writeRecord(options.home, { ...record, kept: true });
    },
  };
}

/**
 * A server already running on this home: one `npm run db:start` started is reused and left
 * running; one a killed development server left behind is taken over, and stopped with the new
 * owner. A server that is still shutting down is waited for, so that the next one can open the
 * data files.
 */
export async function reuseRunningServer(
  options: Pick<SpawnServerOptions, 'description' | 'home' | 'persistent' | 'databaseName' | 'executable'>,
  answers: (port: number) => Promise<boolean>,
): Promise<LocalServer | undefined> {
  const record = readRecord(options.home);
  if (!record) return undefined;
  const name = options.executable.split('/').at(-1) ?? options.executable;
  if (runs(record.pid, name)) {
    if (record.port !== null && (await answers(record.port))) {
      if (record.kept) return serverHandle(options, record.pid, record.port, { owned: false, reused: true });
      writeRecord(options.home, { ...record, owner_pid: process.pid });
      return serverHandle(options, record.pid, record.port, { owned: true, reused: true });
    }
    if (!(await waitForExit(record.pid, STOP_TIMEOUT_MS))) {
      throw new Error(
        `${options.description} (pid ${record.pid}) holds ${options.home} but does not answer; stop it (kill ${record.pid}) and try again`,
      );
    }
  }
  rmSync(join(options.home, RECORD_FILE), { force: true });
  return undefined;
}

/**
 * Ephemeral servers (tests, benchmarks) whose starter died without stopping them, e.g. a test
 * run killed with SIGKILL: their processes are stopped and their folders removed.
 */
export async function removeAbandonedServers(parent: string, executableName: string): Promise<void> {
  if (!existsSync(parent)) return;
  for (const entry of readdirSync(parent)) {
    const home = join(parent, entry);
    const record = readRecord(home);
    if (!record || record.persistent || isAlive(record.owner_pid)) continue;
    if (runs(record.pid, executableName)) await stopProcess(record.pid);
    rmSync(home, { recursive: true, force: true });
  }
}

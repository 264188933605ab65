import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { answersWithin, cachedMongodBinary, mongodbDownloadOrigin, startMongoMemoryServer } from './mongodb-memory';
import { removeAbandonedServers, stopRecordedServer, type LocalServer } from './server-process';
import { ensureSecantus, SECANTUS_DESCRIPTION, SECANTUS_EXECUTABLE, startSecantus, type Progress } from './secantus';

export type { LocalServer } from './server-process';
export type { Progress } from './secantus';

/** How long MongoDB's download host gets to answer before the download is not even tried. */
const DOWNLOAD_HOST_TIMEOUT_MS = 3_000;
export const DEVELOPMENT_DATABASE_NAME = 'helpdesk';

/** The checkout this code runs from (src/… under ts-node and Jest, dist/… once built). */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** Where development data lives unless DEV_DATABASE_DIR says otherwise (git-ignored). */
export const defaultDevelopmentDataDir = () => join(projectRoot(), '.data');
/** Servers of tests and benchmarks, removed when they stop (git-ignored). */
const ephemeralServersDir = () => join(projectRoot(), '.tmp', 'databases');

export class LocalDatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalDatabaseUnavailableError';
  }
}

const MONGODB_URI_HINT =
  'or point MONGODB_URI at a MongoDB 6+ server, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/helpdesk';
const BUILD_HINT =
  'install Rust (https://rustup.rs; cargo must be on PATH) and run `npm run db:install`, which builds ' +
  `${SECANTUS_DESCRIPTION} once per machine (about 6 minutes on 2 cores)`;

/**
 * One way to a local database: `prepare` makes it ready to start (finds, builds, or probes) and
 * throws with the reason when it cannot; `start` starts it.
 */
export interface DatabaseCandidate {
  prepare(): Promise<void>;
  start(): Promise<LocalServer>;
}

/** The first candidate `attempt` succeeds with; otherwise one paragraph with every reason and the fix. */
async function firstThatWorks<T>(
  candidates: DatabaseCandidate[],
  purpose: string,
  attempt: (candidate: DatabaseCandidate) => Promise<T>,
): Promise<T> {
  const reasons: string[] = [];
  for (const candidate of candidates) {
    try {
      return await attempt(candidate);
    } catch (error) {
      reasons.push((error as Error).message);
    }
  }
  throw new LocalDatabaseUnavailableError(
    `No database for ${purpose}: MONGODB_URI is not set, and ${reasons.join('; ')}. ` +
      `To fix it, ${BUILD_HINT}, then run it again; ${MONGODB_URI_HINT}.`,
  );
}

/** The first candidate that prepares and starts (one that prepares but fails to start gives way to the next). */
export function firstThatStarts(candidates: DatabaseCandidate[], purpose: string): Promise<LocalServer> {
  return firstThatWorks(candidates, purpose, async (candidate) => {
    await candidate.prepare();
    return candidate.start();
  });
}

export interface DevelopmentDatabaseOptions {
  /** Holds `mongodb/` or `secantus/`, whichever engine is used. */
  dataDir: string;
  /** Remove the engine's data first. */
  fresh: boolean;
  report: Progress;
}

/**
 * The development database when MONGODB_URI is unset, in this order: a MongoDB binary that
 * mongodb-memory-server already has → SecantusDB (cached, or built when cargo is there) →
 * MongoDB downloaded by mongodb-memory-server, only when its host answers within 3 s. Data lives
 * in `dataDir` and survives restarts unless `fresh`.
 */
export function developmentCandidates(options: DevelopmentDatabaseOptions): DatabaseCandidate[] {
  const { report } = options;
  const mongodbData = join(options.dataDir, 'mongodb');
  const secantusHome = join(options.dataDir, 'secantus');
  const emptied = async (home: string) => {
    if (!options.fresh) return;
    await stopRecordedServer(home);
    rmSync(home, { recursive: true, force: true });
    report(`DEV_DATABASE_FRESH: removed ${home}`);
  };
  const startMongodb = async () => {
    await emptied(mongodbData);
    return startMongoMemoryServer({ dbPath: mongodbData, databaseName: DEVELOPMENT_DATABASE_NAME });
  };
  return [
    {
      async prepare() {
        if (!(await cachedMongodBinary())) throw new Error('mongodb-memory-server has no MongoDB binary cached');
      },
      start: startMongodb,
    },
    {
      async prepare() {
        await ensureSecantus(report);
      },
      async start() {
        await emptied(secantusHome);
        return startSecantus({ home: secantusHome, persistent: true, databaseName: DEVELOPMENT_DATABASE_NAME, report });
      },
    },
    {
      async prepare() {
        const origin = await mongodbDownloadOrigin();
        if (!(await answersWithin(origin, DOWNLOAD_HOST_TIMEOUT_MS)))
          throw new Error(
            `${origin} (MongoDB's download host) did not answer within ${DOWNLOAD_HOST_TIMEOUT_MS / 1000} s`,
          );
        report(`downloading MongoDB from ${origin} with mongodb-memory-server (once per machine)`);
      },
      start: startMongodb,
    },
  ];
}

export function startDevelopmentDatabase(options: DevelopmentDatabaseOptions): Promise<LocalServer> {
  return firstThatStarts(developmentCandidates(options), 'the development server');
}

/**
 * Makes the development database ready without starting it (SecantusDB built if it must be), for
 * a check before a file watcher starts: a watcher would sit silent after the app exits.
 */
export async function prepareDevelopmentDatabase(options: DevelopmentDatabaseOptions): Promise<void> {
  await firstThatWorks(developmentCandidates(options), 'the development server', (candidate) => candidate.prepare());
}

/**
 * A SecantusDB server of its own for a test run, a spec or a benchmark: a free loopback port
 * (or `port`, to come back where a stopped one was), data in `.tmp/databases/<name>-<random>`,
 * removed at stop. Servers that an earlier, killed run left behind are cleaned up first.
 */
export async function startEphemeralDatabase(options: {
  name: string;
  report: Progress;
  port?: number;
  cacheSize?: string;
  logFileMax?: string;
}): Promise<LocalServer> {
  await removeAbandonedServers(ephemeralServersDir(), SECANTUS_EXECUTABLE);
  const { name, ...server } = options;
  return firstThatStarts(
    [
      {
        prepare: () => ensureSecantus(options.report).then(() => undefined),
        start: () =>
          startSecantus({
            home: join(ephemeralServersDir(), `${name}-${randomBytes(4).toString('hex')}`),
            persistent: false,
            // WiredTiger writes its whole log file up front: a throwaway store needs no 128 MB of it.
            logFileMax: '16MB',
            ...server,
          }),
      },
    ],
    name,
  );
}

import { mkdirSync } from 'node:fs';
import type { LocalServer } from './server-process';

/** Loaded lazily: production never starts a local server, and this import is not free. */
const mongodbMemoryServer = () => import('mongodb-memory-server-core');
const mongodbMemoryConfig = () => import('mongodb-memory-server-core/lib/util/resolveConfig.js');

async function wantedVersion(): Promise<string> {
  const { resolveConfig, ResolveConfigVariables, DEFAULT_VERSION } = await mongodbMemoryConfig();
  return resolveConfig(ResolveConfigVariables.VERSION) ?? DEFAULT_VERSION;
}

/** A MongoDB binary mongodb-memory-server has already downloaded (or MONGOMS_SYSTEM_BINARY), without downloading. */
export async function cachedMongodBinary(): Promise<string | undefined> {
  const { DryMongoBinary } = await mongodbMemoryServer();
  try {
    return await DryMongoBinary.locateBinary({ version: await wantedVersion() });
  } catch {
    return undefined;
  }
}

/** Where mongodb-memory-server would download MongoDB from (its mirror settings honoured). */
export async function mongodbDownloadOrigin(): Promise<string> {
  const { resolveConfig, ResolveConfigVariables } = await mongodbMemoryConfig();
  const url =
    resolveConfig(ResolveConfigVariables.DOWNLOAD_URL) ??
    resolveConfig(ResolveConfigVariables.DOWNLOAD_MIRROR) ??
    'https://fastdl.mongodb.org';
  return new URL(url).origin;
}

/** Whether the download host answers at all within the limit: any HTTP status counts. */
export async function answersWithin(origin: string, timeoutMs: number): Promise<boolean> {
  try {
    await fetch(origin, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}

/**
 * MongoDB through mongodb-memory-server, on WiredTiger in `dbPath` when the data must survive a
 * restart (its default is an in-memory store in a temporary folder). Downloads the binary when
 * it is not cached: call it for a download only after `answersWithin` said the host is there.
 */
export async function startMongoMemoryServer(options: {
  dbPath: string | undefined;
  databaseName?: string;
}): Promise<LocalServer> {
  const { MongoMemoryServer } = await mongodbMemoryServer();
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const server = await MongoMemoryServer.create({
    instance: {
      ip: '127.0.0.1',
      ...(options.dbPath ? { dbPath: options.dbPath, storageEngine: 'wiredTiger' as const } : {}),
    },
  });
  const uri = server.getUri(options.databaseName);
  const version = await wantedVersion();
  return {
    description: `MongoDB ${version} (mongodb-memory-server)`,
    uri,
    port: Number(new URL(uri).port),
    pid: server.instanceInfo?.instance.mongodProcess?.pid ?? process.pid,
    home: options.dbPath ?? server.instanceInfo?.dbPath ?? '',
    persistent: options.dbPath !== undefined,
    owned: true,
    reused: false,
    async stop() {
      await server.stop();
    },
    keepAfterExit() {
      throw new Error('a mongodb-memory-server MongoDB always stops with the process that started it');
    },
  };
}

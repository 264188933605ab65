import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';

/** Where the app's database lives, and how to let go of it when the app stops. */
export interface DatabaseTarget {
  uri: string;
  embedded: boolean;
  release(): Promise<void>;
}

export class EmbeddedDatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      'MONGODB_URI is not set and the embedded MongoDB could not be started ' +
        `(${cause instanceof Error ? cause.message : String(cause)}). ` +
        'Set MONGODB_URI to a MongoDB 6+ (or FerretDB) server, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/helpdesk',
    );
    this.name = 'EmbeddedDatabaseUnavailableError';
  }
}

/**
 * MONGODB_URI when set; otherwise, outside production, an embedded MongoDB (downloaded by
 * mongodb-memory-server on first use). Production without MONGODB_URI never gets here: the
 * configuration refuses it at start.
 */
export async function resolveDatabaseTarget(config: AppConfig, logger: Logger): Promise<DatabaseTarget> {
  if (config.database.uri) {
    return { uri: config.database.uri, embedded: false, release: () => Promise.resolve() };
  }
  if (config.isProduction) {
    throw new Error('MONGODB_URI is required in production');
  }
  logger.warn({ module: 'database' }, 'embedded_mongodb_starting');
  try {
    // Loaded lazily: production images never start it, and its import is not free.
    const { MongoMemoryServer } = await import('mongodb-memory-server-core');
    const server = await MongoMemoryServer.create({ instance: { ip: '127.0.0.1' } });
    const uri = server.getUri('helpdesk');
    logger.warn({ module: 'database', data: { uri } }, 'embedded_mongodb_started');
    return {
      uri,
      embedded: true,
      release: async () => {
        await server.stop();
      },
    };
  } catch (error) {
    throw new EmbeddedDatabaseUnavailableError(error);
  }
}

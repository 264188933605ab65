import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';
import { defaultDevelopmentDataDir, startDevelopmentDatabase } from './local-server/local-database';

/** Where the app's database lives, and how to let go of it when the app stops. */
export interface DatabaseTarget {
  uri: string;
  /** "SecantusDB 0.5.3-beta.196 (data in .data/secantus, kept)" for a local server; undefined for MONGODB_URI. */
  localServer: string | undefined;
  release(): Promise<void>;
}

/**
 * MONGODB_URI when set; otherwise, outside production, the local development database
 * (`local-server/local-database.ts` says which one and why). Production without MONGODB_URI never
 * gets here: the configuration refuses it at start.
 */
export async function resolveDatabaseTarget(config: AppConfig, logger: Logger): Promise<DatabaseTarget> {
  if (config.database.uri) {
    return { uri: config.database.uri, localServer: undefined, release: () => Promise.resolve() };
  }
  if (config.isProduction) {
    throw new Error('MONGODB_URI is required in production');
  }
  const server = await startDevelopmentDatabase({
    dataDir: config.database.local.dataDir ?? defaultDevelopmentDataDir(),
    fresh: config.database.local.fresh,
    report: (line) => logger.info({ module: 'database', data: { progress: line } }, 'local_database_progress'),
  });
  const localServer = `${server.description} (data in ${server.home}, ${server.persistent ? 'kept across restarts' : 'removed at stop'})`;
  logger.info(
    { module: 'database', data: { uri: server.uri, server: localServer, reused: server.reused } },
    'local_database_started',
  );
  return { uri: server.uri, localServer, release: () => server.stop() };
}

import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createApp } from './app.factory';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { createRootLogger } from './common/logging/logger';

/** Past this, a shutdown that is still draining gives up and exits non-zero. */
const SHUTDOWN_DEADLINE_MS = 25_000;

function readConfig(): AppConfig {
  // A local `.env` is a convenience for development; variables already set always win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG: the environment, not the code, is wrong.
    }
    throw error;
  }
}

async function bootstrap(): Promise<void> {
  const config = readConfig();
  const logger = createRootLogger(config.logLevel).child({ module: 'main' });
  let app;
  try {
    app = await createApp(config, { logger: createRootLogger(config.logLevel) });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    logger.fatal({ err: error }, 'startup_failed');
    process.exit(1);
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  logger.info({ data: { port, env: config.nodeEnv } }, 'server_started');

  // SIGTERM (orchestrators) and SIGINT (Ctrl-C): stop accepting, let in-flight requests finish,
  // close sockets and the database, then exit 0. A second signal or the deadline forces the exit.
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ data: { signal } }, 'shutdown_forced');
      process.exit(1);
    }
    stopping = true;
    logger.info({ data: { signal } }, 'shutdown_started');
    setTimeout(() => {
      logger.error({ data: { deadline_ms: SHUTDOWN_DEADLINE_MS } }, 'shutdown_timed_out');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.close().then(
      () => {
        logger.info({}, 'shutdown_complete');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown_failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

void bootstrap();

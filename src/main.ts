import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createApp, DOCS_PATH } from './app.factory';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { createRootLogger } from './common/logging/logger';
import { LocalDatabaseUnavailableError } from './database/local-server/local-database';
import { DEMO_ACCOUNTS } from './users/seed/demo-accounts';

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

/** Where a person on this machine reaches the API and its Swagger UI. */
function publicUrls(config: AppConfig, port: number): { url: string; docs: string } {
  // 0.0.0.0 and :: listen everywhere but are not addresses a browser can open.
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? 'localhost' : config.host;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}${config.apiPrefix ? `/${config.apiPrefix}` : ''}`;
  return { url: base, docs: `${base}/${DOCS_PATH}` };
}

/** Plain text for the person who typed `npm start`; the JSON log line above says the same for machines. */
function developmentWelcome(urls: { url: string; docs: string }): string {
  const accounts = DEMO_ACCOUNTS.map((account) => `${account.username} / ${account.password} (${account.role})`);
  return [
    '',
    `Helpdesk API: ${urls.url}`,
    `Swagger UI:   ${urls.docs}`,
    'Demo accounts (development; created when the database was empty, `npm run seed` adds missing ones):',
    ...accounts.map((account) => `  ${account}`),
    'Sign in with POST /auth/login {"username", "password"}, or "Authorize" in Swagger UI with the access_token.',
    '',
  ].join('\n');
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
    // A person started this without a database: the paragraph says what to run, without a stack.
    if (error instanceof LocalDatabaseUnavailableError) {
      process.stderr.write(`\n${error.message}\n\n`);
      process.exit(69); // EX_UNAVAILABLE: a service the process needs is missing.
    }
    process.exit(1);
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const urls = publicUrls(config, port);
  logger.info({ data: { port, env: config.nodeEnv, ...urls } }, 'server_started');
  if (config.nodeEnv === 'development') process.stderr.write(developmentWelcome(urls));

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

import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { createRootLogger } from './common/logging/logger';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG: the environment, not the code, is wrong.
    }
    throw error;
  }
  const logger = createRootLogger(config.logLevel);
  try {
    const app = await createApp(config, { logger });
    await app.listen({ port: config.port, host: config.host });
    logger.info({ module: 'main', data: { port: config.port, env: config.nodeEnv } }, 'server_started');
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => logger.info({ module: 'main', data: { signal } }, 'shutdown_started'));
    }
  } catch (error) {
    logger.fatal({ module: 'main', data: { err: error } }, 'startup_failed');
    process.exit(1);
  }
}

void bootstrap();

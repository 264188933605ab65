import type { DynamicModule, Type } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test, type TestingModule } from '@nestjs/testing';
import { ConnectionStates, type Connection } from 'mongoose';
import type { Logger } from 'pino';
import { ClockModule } from '../../src/common/clock/clock.module';
import { createRootLogger } from '../../src/common/logging/logger';
import { LoggingModule } from '../../src/common/logging/logging.module';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { EventsModule } from '../../src/events/events.module';
import { MetricsModule } from '../../src/metrics/metrics.module';
import { baseTestEnv } from './test-env';

/**
 * A medium spec's application: the feature modules it names with their real providers and
 * repositories, on the real test database, wired as AppModule wires them (configuration, logger,
 * clock, database, domain events, metrics), with no HTTP server and no other feature.
 */
export interface MediumApp {
  module: TestingModule;
  config: AppConfig;
  connection: Connection;
  /** A provider of any of the modules, as `app.get` finds it in an e2e spec. */
  get<T>(token: Type<T>): T;
  close(options?: { dropDatabase?: boolean }): Promise<void>;
}

export interface StartMediumOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export async function startMedium(
  databaseName: string,
  features: Array<Type | DynamicModule>,
  options: StartMediumOptions = {},
): Promise<MediumApp> {
  const config = loadConfig({ ...baseTestEnv(databaseName), ...options.env });
  const logger = options.logger ?? createRootLogger(config.logLevel);
  const module = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      LoggingModule.forRoot(logger),
      ClockModule,
      DatabaseModule,
      EventsModule,
      MetricsModule,
      ...features,
    ],
  }).compile();
  // Lifecycle hooks run as in the app: indexes built and schedulers registered at init, stopped at close.
  await module.init();
  const connection = module.get<Connection>(getConnectionToken());
  return {
    module,
    config,
    connection,
    get: <T>(token: Type<T>) => module.get(token),
    async close({ dropDatabase = true } = {}) {
      if (dropDatabase && connection.readyState === ConnectionStates.connected) await connection.dropDatabase();
      await module.close();
    },
  };
}

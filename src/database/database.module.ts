import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import { resolveDatabaseTarget, type DatabaseTarget } from './database-target';

export const DATABASE_TARGET = Symbol('DATABASE_TARGET');

/** Owns the embedded server's lifetime: it stops after Mongoose has closed its connection. */
@Module({
  providers: [
    {
      provide: DATABASE_TARGET,
      inject: [APP_CONFIG, ROOT_LOGGER],
      useFactory: (config: AppConfig, logger: AppLogger) => resolveDatabaseTarget(config, logger),
    },
  ],
  exports: [DATABASE_TARGET],
})
class DatabaseTargetModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE_TARGET) private readonly target: DatabaseTarget) {}

  async onApplicationShutdown(): Promise<void> {
    await this.target.release();
  }
}

@Module({
  imports: [
    MongooseModule.forRootAsync({
      imports: [DatabaseTargetModule],
      inject: [APP_CONFIG, DATABASE_TARGET],
      useFactory: (config: AppConfig, target: DatabaseTarget) => ({
        uri: target.uri,
        ...(config.database.dbName ? { dbName: config.database.dbName } : {}),
        serverSelectionTimeoutMS: config.database.serverSelectionTimeoutMs,
        // Fail fast instead of queueing queries while the database is away: callers get 503 DB_ERROR at once.
        bufferCommands: false,
        autoIndex: true,
        // Command events for the round-trip counter (metrics/database-command-metrics.ts).
        monitorCommands: true,
        retryAttempts: 2,
        retryDelay: 1000,
      }),
    }),
  ],
})
export class DatabaseModule {}

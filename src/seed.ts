import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createRootLogger } from './common/logging/logger';
import { EventsModule } from './common/events/events.module';
import { LoggingModule } from './common/logging/logging.module';
import { ConfigError, loadConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { KnowledgeService } from './knowledge/knowledge.service';
import { SeedService } from './users/seed/seed.service';
import { UsersModule } from './users/users.module';

/**
 * `npm run seed`: creates the demo accounts and starter knowledge-base documents that are missing
 * (idempotent) and prints the credentials.
 */
async function seed(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createRootLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);

  @Module({
    imports: [
      ConfigModule.forRoot(config),
      LoggingModule.forRoot(logger),
      EventsModule,
      DatabaseModule,
      UsersModule,
      KnowledgeModule,
    ],
  })
  class SeedModule {}

  const app = await NestFactory.createApplicationContext(SeedModule, { logger: false });
  try {
    const accounts = await app.get(SeedService).seedDemoAccounts();
    const documents = await app.get(KnowledgeService).seedStarterDocuments();
    process.stdout.write('Demo accounts (change or deactivate them before real use):\n');
    for (const a of accounts) {
      process.stdout.write(`  ${a.status.padEnd(8)}  ${a.role.padEnd(8)}  ${a.username.padEnd(10)}  ${a.password}\n`);
    }
    process.stdout.write(`Starter knowledge base: ${documents} document(s) added\n`);
  } finally {
    await app.close();
  }
}

void seed().catch((error: unknown) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createRootLogger } from './common/logging/logger';
import { ClockModule } from './common/clock/clock.module';
import { EventsModule } from './events/events.module';
import { LoggingModule } from './common/logging/logging.module';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { KnowledgeService } from './knowledge/knowledge.service';
import { planSeed, type BootstrapAdmin } from './users/seed/seed-plan';
import { SeedService } from './users/seed/seed.service';
import { UsersModule } from './users/users.module';

/** sysexits' EX_USAGE: the seed was asked for something it will not do. */
const EXIT_REFUSED = 64;
/** sysexits' EX_CONFIG, as the server exits on a bad environment. */
const EXIT_BAD_CONFIG = 78;

/**
 * `npm run seed` (and `npm run seed:prod`, the compiled one): outside production, the demo
 * accounts and the starter knowledge base that are missing (idempotent), printing the demo
 * credentials. A production database only with `--production`: the starter knowledge base and
 * the operator's admin from BOOTSTRAP_ADMIN_*; no demo account, and no password printed.
 */
async function seed(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EXIT_BAD_CONFIG);
    }
    throw error;
  }
  // Decided before connecting, so a refusal writes nothing (not even an index).
  const plan = planSeed({
    nodeEnv: config.nodeEnv,
    args: process.argv.slice(2),
    bootstrapAdmin: config.bootstrapAdmin,
  });
  if (plan.kind === 'refused') {
    process.stderr.write(`seed refused: ${plan.reason}\n`);
    process.exit(EXIT_REFUSED);
  }

  const logger = createRootLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      LoggingModule.forRoot(logger),
      ClockModule,
      EventsModule,
      DatabaseModule,
      UsersModule,
      KnowledgeModule,
    ],
  })
  class SeedModule {}

  const app = await NestFactory.createApplicationContext(SeedModule, { logger: false });
  try {
    const seeds = app.get(SeedService);
    if (plan.kind === 'demo') {
      const accounts = await seeds.seedDemoAccounts();
      process.stdout.write('Demo accounts (change or deactivate them before real use):\n');
      for (const a of accounts) {
        process.stdout.write(`  ${a.status.padEnd(8)}  ${a.role.padEnd(8)}  ${a.username.padEnd(10)}  ${a.password}\n`);
      }
    } else {
      process.stdout.write('Installation (no demo accounts; no password is printed):\n');
      if (!(await reportAdmin(seeds, plan.admin))) {
        process.exitCode = EXIT_REFUSED;
        return;
      }
    }
    const documents = await app.get(KnowledgeService).seedStarterDocuments();
    process.stdout.write(`Starter knowledge base: ${documents} document(s) added\n`);
  } finally {
    await app.close();
  }
}

/** Creates the operator's admin when none exists and says what happened; false when it could not. */
async function reportAdmin(seeds: SeedService, admin: BootstrapAdmin): Promise<boolean> {
  const outcome = await seeds.ensureBootstrapAdmin(admin);
  switch (outcome.status) {
    case 'created':
      process.stdout.write(
        `  created   admin     ${outcome.username.padEnd(10)}  (the password in BOOTSTRAP_ADMIN_PASSWORD)\n`,
      );
      return true;
    case 'admin_exists':
      process.stdout.write(
        '  existing  admin     (an admin exists already: left as it is, BOOTSTRAP_ADMIN_* unused)\n',
      );
      return true;
    case 'username_taken':
      process.stderr.write(
        `seed: no admin created: "${outcome.username}" belongs to an account that is not an admin; ` +
          'choose another BOOTSTRAP_ADMIN_USERNAME\n',
      );
      return false;
  }
}

void seed().catch((error: unknown) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';

/** The environment every end-to-end app starts from; specs override what they exercise. */
export function baseTestEnv(databaseName: string): NodeJS.ProcessEnv {
  const uri = process.env['MONGODB_URI'];
  if (!uri) throw new Error('MONGODB_URI is not set: run the tests with `npm test`, which provides the database');
  return {
    NODE_ENV: 'test',
    MONGODB_URI: uri,
    MONGODB_DB_NAME: databaseName,
    MONGODB_SERVER_SELECTION_TIMEOUT_MS: '2000',
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789abcdef',
    LOG_LEVEL: 'silent',
    // Test receivers listen on 127.0.0.1; the refusal spec turns this off.
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    // Specs that exercise the SLA job run it themselves, at the times they set on the Clock.
    SLA_CRON: 'off',
  };
}

/** A database name of its own for one spec file: `<file>_<random>`, within MongoDB's length limit. */
export function uniqueDatabaseName(specFile: string): string {
  const stem = basename(specFile)
    .replace(/\.(e2e-)?spec\.ts$/, '')
    .replace(/[^a-zA-Z0-9]/g, '_')
    .slice(0, 40);
  return `t_${stem}_${randomBytes(4).toString('hex')}`;
}

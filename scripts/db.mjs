// The local database, for people and for the npm scripts (src/database/local-server/ does the work):
//   node scripts/db.mjs install   build and cache SecantusDB once per machine (progress on stderr)
//   node scripts/db.mjs check     the development database can start (built first if it must be); no server started
//   node scripts/db.mjs start     SecantusDB in the background with the development data; prints MONGODB_URI
//   node scripts/db.mjs stop      stops the server `start` started
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { requireProjectModule } from './lib/typescript.mjs';

// Like the app: `.env` for convenience, variables already set win.
if (existsSync('.env')) process.loadEnvFile('.env');
const { loadConfig, ConfigError } = requireProjectModule('src/config/app-config.ts');
const local = requireProjectModule('src/database/local-server/local-database.ts');
const secantus = requireProjectModule('src/database/local-server/secantus.ts');
const { stopRecordedServer } = requireProjectModule('src/database/local-server/server-process.ts');

const report = (line) => process.stderr.write(`${line}\n`);
let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(78);
}
const dataDir = config.database.local.dataDir ?? local.defaultDevelopmentDataDir();
const secantusHome = join(dataDir, 'secantus');

async function run(command) {
  switch (command) {
    case 'install':
      process.stdout.write(`${await secantus.ensureSecantus(report)}\n`);
      return;
    case 'check':
      if (config.database.uri) return;
      await local.prepareDevelopmentDatabase({ dataDir, fresh: false, report });
      return;
    case 'start': {
      const server = await secantus.startSecantus({
        home: secantusHome,
        persistent: true,
        databaseName: local.DEVELOPMENT_DATABASE_NAME,
        report,
      });
      server.keepAfterExit();
      process.stdout.write(`MONGODB_URI=${server.uri}\n`);
      report(
        `${server.description} ${server.reused ? 'was already running' : 'started'} (pid ${server.pid}); ` +
          `data in ${server.home}, kept when it stops (npm run db:stop), also used by \`npm start\` without MONGODB_URI`,
      );
      return;
    }
    case 'stop': {
      const pid = await stopRecordedServer(secantusHome);
      report(pid ? `stopped pid ${pid}; the data stays in ${secantusHome}` : `no server runs on ${secantusHome}`);
      return;
    }
    default:
      process.stderr.write('usage: node scripts/db.mjs install|check|start|stop\n');
      process.exit(2);
  }
}

try {
  await run(process.argv[2]);
  // Nothing is left to wait for: a started server runs detached, with its output in its own log.
  process.exit(0);
} catch (error) {
  process.stderr.write(`\n${error.message}\n\n`);
  process.exit(error.name === 'LocalDatabaseUnavailableError' ? 69 : 1);
}

// A test database for developers and for specs that need one of their own:
//   node scripts/test-db.mjs start   FerretDB in the background on 127.0.0.1:27017 (or $PORT); prints MONGODB_URI
//   node scripts/test-db.mjs stop    stops it
//   node scripts/test-db.mjs serve   in the foreground on a free port; prints {"uri": ...} and runs until SIGTERM
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestDatabase } from './lib/database-server.mjs';

const stateDir = join(process.cwd(), '.tmp');
const pidFile = join(stateDir, 'test-db.json');
const command = process.argv[2];

if (command === 'serve') {
  const database = await startTestDatabase({ port: process.env.PORT ? Number(process.env.PORT) : undefined });
  process.stdout.write(`${JSON.stringify({ uri: database.uri, kind: database.kind })}\n`);
  const shutdown = async () => {
    await database.stop();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
} else if (command === 'start') {
  if (existsSync(pidFile)) {
    const { uri } = JSON.parse(readFileSync(pidFile, 'utf8'));
    process.stdout.write(`already running: MONGODB_URI=${uri}\n`);
    process.exit(0);
  }
  mkdirSync(stateDir, { recursive: true });
  const child = spawn(process.execPath, [process.argv[1], 'serve'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PORT: process.env.PORT ?? '27017' },
  });
  const line = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`test database exited with code ${code}`)));
  });
  const { uri } = JSON.parse(line);
  writeFileSync(pidFile, JSON.stringify({ pid: child.pid, uri }));
  child.stdout.destroy();
  child.unref();
  process.stdout.write(`MONGODB_URI=${uri}\n`);
} else if (command === 'stop') {
  if (!existsSync(pidFile)) {
    process.stdout.write('not running\n');
    process.exit(0);
  }
  const { pid } = JSON.parse(readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  rmSync(pidFile, { force: true });
  process.stdout.write('stopped\n');
} else {
  process.stderr.write('usage: node scripts/test-db.mjs start|stop|serve\n');
  process.exit(2);
}

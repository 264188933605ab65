import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface DisposableDatabase {
  uri: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * A database server of the spec's own (FerretDB, or the embedded MongoDB), started through
 * `scripts/test-db.mjs serve`, for specs that take the database away.
 */
export async function startDisposableDatabase(port?: number): Promise<DisposableDatabase> {
  const child = spawn(process.execPath, [join(__dirname, '..', '..', 'scripts', 'test-db.mjs'), 'serve'], {
    env: { ...process.env, ...(port ? { PORT: String(port) } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8').trim()));
    child.once('exit', (code) => reject(new Error(`test database exited with code ${code}`)));
  });
  const { uri } = JSON.parse(line) as { uri: string };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    uri,
    port: Number(new URL(uri).port),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

import { spawn, spawnSync } from 'node:child_process';
import { connect, createServer } from 'node:net';

export function redisServerBinary(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A throwaway Redis on a loopback port, without persistence; `port` starts it again where a
 * stopped one listened (an outage ending, as clients configured with its URL see it).
 */
export async function startRedis(
  port?: number,
): Promise<{ url: string; port: number; stop(): Promise<void>; pause(): void; resume(): void }> {
  const binary = redisServerBinary();
  if (!binary) throw new Error('redis-server is not installed (Debian package redis-server); .ci/run installs it');
  port ??= await freePort();
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    /** SIGSTOP: connections stay open and nothing answers, as with a Redis that hangs. */
    pause() {
      child.kill('SIGSTOP');
    },
    resume() {
      child.kill('SIGCONT');
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGCONT'); // a paused server would hold SIGTERM until continued
      child.kill('SIGTERM');
      await exited;
    },
  };
}

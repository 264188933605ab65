import { connect } from 'node:net';
import { spawnApp } from './support/app-process';
import { baseTestEnv, uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

describe('the server process', () => {
  it('refuses to start on a bad value and names the variable (exit 78)', async () => {
    const app = spawnApp({ NODE_ENV: 'test', PORT: 'eighty', LOG_LEVEL: 'chatty', JWT_SECRET: 'x'.repeat(40) });
    expect(await app.exited).toBe(78);
    const stderr = app.stderr.join('');
    expect(stderr).toContain('PORT: must be a number');
    expect(stderr).toContain('LOG_LEVEL: must be one of');
  });

  it('refuses to start in production without MONGODB_URI or JWT_SECRET', async () => {
    const app = spawnApp({ NODE_ENV: 'production' });
    expect(await app.exited).toBe(78);
    const stderr = app.stderr.join('');
    expect(stderr).toContain('MONGODB_URI: is required in production');
    expect(stderr).toContain('JWT_SECRET: is required');
  });

  it('on SIGTERM finishes the request in flight, then closes and exits 0', async () => {
    const env = { ...baseTestEnv(uniqueDatabaseName(__filename)), LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1' };
    const app = spawnApp(env);
    const started = await app.waitForEvent('server_started');
    const port = (started['data'] as { port: number }).port;

    // A request whose body is still arriving when the signal comes.
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const response = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('close', () => resolve(text));
    });
    socket.write(
      'POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"a":',
    );
    await new Promise((r) => setTimeout(r, 200));

    app.child.kill('SIGTERM');
    await app.waitForEvent('shutdown_started');
    socket.end('"b"}\r\n');

    expect(await response).toMatch(/^HTTP\/1\.1 404 /);
    await app.waitForEvent('shutdown_complete');
    expect(await app.exited).toBe(0);
  });
});

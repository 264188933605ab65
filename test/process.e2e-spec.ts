import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  describe('the Node version check before npm start and npm test', () => {
    /** scripts/check-node.mjs run beside a package.json whose engines.node is `engines`. */
    const check = (engines: string) => {
      const project = mkdtempSync(join(tmpdir(), 'helpdesk-check-node-'));
      mkdirSync(join(project, 'scripts'));
      copyFileSync(join(__dirname, '..', 'scripts', 'check-node.mjs'), join(project, 'scripts', 'check-node.mjs'));
      writeFileSync(join(project, 'package.json'), JSON.stringify({ engines: { node: engines } }));
      return new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          [join(project, 'scripts', 'check-node.mjs')],
          (_error, _out, stderr) => {
            rmSync(project, { recursive: true, force: true });
            resolve({ code: child.exitCode, stderr });
          },
        );
      });
    };

    it("passes this project's own minimum on the Node running the tests", async () => {
      const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
        engines: { node: string };
      };
      expect(await check(pkg.engines.node)).toEqual({ code: 0, stderr: '' });
    });

    it('says in one line what to install when Node is older than the minimum', async () => {
      const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
      for (const newer of [`>=${major + 1}.0.0`, `>=${major}.${minor + 1}.0`]) {
        const { code, stderr } = await check(newer);
        expect(code).toBe(1);
        expect(stderr).toMatch(
          /^Node\.js \d+\.\d+\.0 or later is needed \(this is v[\d.]+ at .+\): install Node\.js 24 LTS/,
        );
        expect(stderr).toContain('README.md');
        expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      }
    });
  });
});

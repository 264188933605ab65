import { signedIn, type SignedIn } from './support/accounts';
import { startDisposableDatabase, type DisposableDatabase } from './support/disposable-database';
import { ProbeModule } from './support/probe.module';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(90_000);

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

describe('when the database goes away', () => {
  let database: DisposableDatabase;
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    database = await startDisposableDatabase();
    t = await startTestApp(uniqueDatabaseName(__filename), {
      env: { MONGODB_URI: database.uri, MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1000' },
      imports: [ProbeModule],
    });
    admin = await signedIn(t, 'admin');
  });

  afterAll(async () => {
    await t.close({ dropDatabase: false });
    await database.stop();
  });

  it('reports ready while the database answers', async () => {
    await t.http.get('/ready').expect(200);
    await t.http.get('/__probe/users-count').expect(200, { count: 1 });
    const status = await t.http.get('/admin/system-status').set(admin.auth).expect(200);
    expect(status.body).toMatchObject({ ready: true, database: { reachable: true } });
  });

  it('answers /ready 503 DB_ERROR and database-backed requests 503 DB_ERROR, then recovers by itself', async () => {
    const port = database.port;
    await database.stop();

    const ready = await t.http.get('/ready').expect(503);
    expect(ready.body.error).toMatchObject({
      code: 'DB_ERROR',
      details: { checks: { database: 'down' } },
      context: { endpoint: '/ready', method: 'GET' },
    });

    // Fail fast: within the 1 s server selection timeout (plus slack), not the driver's default 30 s.
    const started = Date.now();
    const query = await t.http.get('/__probe/users-count').expect(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(query.body.error.code).toBe('DB_ERROR');
    expect(JSON.stringify(query.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|Mongo/);

    // Liveness does not depend on the database: the process is fine, only not ready.
    await t.http.get('/health').expect(200);
    // The admins' status page needs the database to check the session, so it is unavailable too:
    // /ready is the probe that answers through an outage.
    const status = await t.http.get('/admin/system-status').set(admin.auth).expect(503);
    expect(status.body.error.code).toBe('DB_ERROR');

    database = await startDisposableDatabase(port);
    const recovered = await eventually(async () => (await t.http.get('/ready')).status === 200, 30_000);
    expect(recovered).toBe(true);
    await t.http.get('/__probe/users-count').expect(200);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signedIn, type SignedIn } from './support/accounts';
import { GeminiStandIn, geminiJson } from './support/gemini-stand-in';
import { findOperation, mismatches, type OpenApiDocument } from './support/openapi';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

const GEMINI_KEY = 'stand-in-gemini-key-do-not-show-0123456789';
const PACKAGE = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

interface PortStatus {
  provider: string;
  model: string | null;
  fallback: string | null;
  failures_since_start: number;
  last_error: { at: string; message: string } | null;
}

interface SystemStatus {
  generated_at: string;
  ready: boolean;
  database: { reachable: boolean; latency_ms: number | null; server_version: string | null };
  redis: { configured: boolean; reachable: boolean | null; round_trip_ms: number | null };
  ai: Record<'harm_screen' | 'department_router' | 'answer_writer' | 'topic_labeler', PortStatus> & {
    embeddings: PortStatus & { vector_store: string | null; local_model: Record<string, unknown> };
  };
  scheduler: { misuse_detection: { cron: string; next_run_at: string | null }; sla_monitor: Record<string, unknown> };
  build: { name: string; version: string; commit: string | null };
  process: { node_version: string; started_at: string; uptime_seconds: number };
}

/** Reads the page as an admin and checks the answer against the document, field by field. */
async function systemStatus(t: TestApp, admin: SignedIn): Promise<SystemStatus> {
  const doc = (await t.http.get('/docs-json').expect(200)).body as OpenApiDocument;
  const res = await t.http.get('/admin/system-status').set(admin.auth).expect(200);
  expect(res.headers['cache-control']).toBe('no-store');
  const schema = findOperation(doc, 'get', '/admin/system-status').responses['200']!.content!['application/json']!
    .schema!;
  expect(mismatches(doc, schema, res.body)).toEqual([]);
  return res.body as SystemStatus;
}

describe('GET /admin/system-status on an instance with local AI only', () => {
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename));
    admin = await signedIn(t, 'admin');
  });
  afterAll(() => t.close());

  it('reports the database, no Redis, every AI port local, the scheduler, the build and the process', async () => {
    const status = await systemStatus(t, admin);
    const local = { provider: 'local', model: null, fallback: null, failures_since_start: 0, last_error: null };
    expect(status).toEqual({
      generated_at: expect.any(String),
      ready: true,
      database: { reachable: true, latency_ms: expect.any(Number), server_version: expect.any(String) },
      redis: { configured: false, reachable: null, round_trip_ms: null },
      ai: {
        harm_screen: local,
        department_router: local,
        answer_writer: local,
        topic_labeler: local,
        // The sentence model loads at the first search, which has not happened yet.
        embeddings: { ...local, vector_store: null, local_model: { state: 'not_loaded', model: null, reason: null } },
      },
      scheduler: expect.any(Object),
      build: { name: PACKAGE.name, version: PACKAGE.version, commit: null },
      process: { node_version: process.version, started_at: expect.any(String), uptime_seconds: expect.any(Number) },
    });
    expect(status.database.latency_ms).toBeGreaterThanOrEqual(0);
    expect(status.database.latency_ms).toBeLessThan(1000);
    expect(Number.isInteger(status.process.uptime_seconds)).toBe(true);
    expect(Date.parse(status.process.started_at)).toBeLessThanOrEqual(Date.parse(status.generated_at));
  });

  it('shows the misuse job as GET /admin/scheduler-status does, and the SLA job', async () => {
    const [status, scheduler] = await Promise.all([
      systemStatus(t, admin),
      t.http.get('/admin/scheduler-status').set(admin.auth).expect(200),
    ]);
    const { sla_monitor: slaMonitor, ...misuse } = status.scheduler;
    expect(misuse).toEqual(scheduler.body);
    expect(status.scheduler.misuse_detection).toMatchObject({ cron: '0 2 * * *', next_run_at: expect.any(String) });
    // SLA_CRON is off in specs: this instance never runs the SLA job, and says so.
    expect(slaMonitor).toEqual({ cron: null, time_zone: 'UTC', next_run_at: null, running: false, last_run: null });
  });

  it('is for admins only: 401 without a token, 403 for every other role', async () => {
    const anonymous = await t.http.get('/admin/system-status').expect(401);
    expect(anonymous.body.error.code).toBe('AUTH_INVALID');
    for (const role of ['user', 'it_agent', 'hr_agent'] as const) {
      const caller = await signedIn(t, role);
      const res = await t.http.get('/admin/system-status').set(caller.auth).expect(403);
      expect(res.body.error).toMatchObject({ code: 'AUTHZ_FORBIDDEN', context: { endpoint: '/admin/system-status' } });
    }
  });
});

describe('GET /admin/system-status when the Gemini primary fails', () => {
  const gemini = new GeminiStandIn();
  let t: TestApp;
  let admin: SignedIn;
  let user: SignedIn;

  beforeAll(async () => {
    const baseUrl = await gemini.start();
    t = await startTestApp(uniqueDatabaseName(__filename), {
      env: {
        GEMINI_API_KEY: GEMINI_KEY,
        GEMINI_BASE_URL: baseUrl,
        AI_TIMEOUT_MS: '700',
        GEMINI_MODEL: 'gemini-test',
        BUILD_COMMIT: '90ef34e',
      },
    });
    [admin, user] = await Promise.all([signedIn(t, 'admin'), signedIn(t, 'user')]);
  });
  afterAll(async () => {
    await t.close();
    await gemini.stop();
  });

  it('names Gemini as each language port’s provider with local behind it, and no failure yet', async () => {
    const { ai, build } = await systemStatus(t, admin);
    // The build said which commit it is (BUILD_COMMIT, as the Dockerfile passes it).
    expect(build.commit).toBe('90ef34e');
    const gemini = {
      provider: 'gemini',
      model: 'gemini-test',
      fallback: 'local',
      failures_since_start: 0,
      last_error: null,
    };
    expect(ai).toEqual({
      harm_screen: gemini,
      department_router: gemini,
      answer_writer: gemini,
      topic_labeler: gemini,
      // Without Pinecone nothing is embedded by a hosted model: retrieval is local (hybrid or lexical).
      embeddings: {
        provider: 'local',
        model: null,
        fallback: null,
        failures_since_start: 0,
        last_error: null,
        vector_store: null,
        local_model: { state: 'not_loaded', model: null, reason: null },
      },
    });
  });

  it('shows the time and words of each failure the local AI covered, without the key, and stays ready', async () => {
    gemini.reply = () => ({ status: 500 });
    const before = Date.now();
    const ticket = (
      await t.http
        .post('/tickets')
        .set(user.auth)
        .send({ title: 'VPN does not connect', description: 'The VPN client times out every morning.' })
        .expect(201)
    ).body as { department: string };
    expect(ticket.department).toBe('IT');

    const status = await systemStatus(t, admin);
    for (const port of ['harm_screen', 'department_router'] as const) {
      const { failures_since_start, last_error } = status.ai[port];
      expect(failures_since_start).toBe(1);
      expect(last_error).toEqual({ at: expect.any(String), message: expect.stringContaining('500') });
      expect(Date.parse(last_error!.at)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(last_error!.at)).toBeLessThanOrEqual(Date.parse(status.generated_at));
    }
    for (const port of ['answer_writer', 'topic_labeler'] as const)
      expect(status.ai[port]).toMatchObject({ failures_since_start: 0, last_error: null });
    expect(JSON.stringify(status)).not.toContain(GEMINI_KEY);
    // The local AI answered for Gemini: nothing the service needs is down.
    expect(status.ready).toBe(true);
    await t.http.get('/ready').expect(200);
  });

  it('keeps the latest failure: a timeout after the 500', async () => {
    gemini.reply = () => 'hang';
    await t.http
      .post('/tickets')
      .set(user.auth)
      .send({ title: 'Printer offline', description: 'The office printer shows offline.' })
      .expect(201);
    const { ai } = await systemStatus(t, admin);
    expect(ai.harm_screen).toMatchObject({
      failures_since_start: 2,
      last_error: { message: 'Gemini did not answer in time' },
    });
  });

  it('records nothing while Gemini answers', async () => {
    gemini.reply = (prompt) =>
      prompt.includes('You screen internal helpdesk tickets')
        ? geminiJson({ is_harmful: false, categories: [], reason: 'An ordinary request' })
        : geminiJson({ department: 'HR', reason: 'About pay' });
    await t.http
      .post('/tickets')
      .set(user.auth)
      .send({ title: 'Payslip is wrong', description: 'My payslip shows the wrong salary.' })
      .expect(201);
    const { ai } = await systemStatus(t, admin);
    expect(ai.harm_screen.failures_since_start).toBe(2);
    expect(ai.department_router.failures_since_start).toBe(2);
  });
});

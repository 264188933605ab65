import { LogCapture } from './support/log-capture';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

describe('operations endpoints', () => {
  let t: TestApp;
  const logs = new LogCapture('info');

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename), {
      logger: logs.logger,
      env: { CORS_ORIGINS: 'https://helpdesk.example.com' },
    });
  });
  afterAll(() => t.close());

  it('GET /health answers 200 while the process runs', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', uptime_seconds: expect.any(Number) });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('GET /ready answers 200 when the database answers a ping', async () => {
    const res = await t.http.get('/ready').expect(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'up' } });
  });

  it('GET /metrics exposes request counts and latency histograms by route pattern and status', async () => {
    await t.http.get('/health').expect(200);
    await t.http.get('/health').expect(200);
    await t.http.get('/nowhere/123').expect(404);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const count = (line: RegExp) =>
      Number(
        res.text
          .split('\n')
          .find((l) => line.test(l))
          ?.split(' ')
          .pop(),
      );
    expect(count(/^http_requests_total\{.*method="GET",route="\/health",status_code="200"/)).toBeGreaterThanOrEqual(2);
    expect(count(/^http_requests_total\{.*route="unmatched",status_code="404"/)).toBeGreaterThanOrEqual(1);
    expect(res.text).toMatch(/^http_request_duration_seconds_bucket\{le="0\.1",.*route="\/health"/m);
    expect(res.text).toContain('process_cpu_user_seconds_total');
    // Round trips to the database, by command: the sign-ins and lists above sent finds.
    expect(count(/^database_commands_total\{.*command="find"/)).toBeGreaterThan(0);
    // … and by the collection each names.
    expect(count(/^database_commands_total\{(?=.*command="find")(?=.*collection="[a-z_]+")/)).toBeGreaterThan(0);
    // Ids in URLs never become label values.
    expect(res.text).not.toContain('/nowhere/123');
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await t.http.get('/docs').redirects(1).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('swagger-ui');
  });

  it('serves the OpenAPI document at /docs-json with bearer auth declared', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.info.title).toBe('Helpdesk API');
    expect(res.body.components.securitySchemes.bearer).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    );
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/health', '/ready', '/metrics']));
  });

  it('sends security headers', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('allows the configured CORS origin and no other', async () => {
    const allowed = await t.http
      .options('/health')
      .set('Origin', 'https://helpdesk.example.com')
      .set('Access-Control-Request-Method', 'GET')
      .expect(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://helpdesk.example.com');
    const other = await t.http.get('/health').set('Origin', 'https://evil.example.net').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('logs one JSON line per request with the SPEC §9 fields and its duration', async () => {
    await t.http
      .get('/health')
      .set('X-Request-Id', 'log-check-1')
      .set('Authorization', 'Bearer very-secret-token')
      .expect(200);
    const line = logs.lines().find((l) => l.event === 'request_completed' && l.request_id === 'log-check-1');
    expect(line).toEqual({
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
      level: 'info',
      service: 'helpdesk-api',
      module: 'http',
      request_id: 'log-check-1',
      user_id: null,
      event: 'request_completed',
      data: { method: 'GET', route: '/health', status_code: 200 },
      duration_ms: expect.any(Number),
    });
    expect(logs.text()).not.toContain('very-secret-token');
  });
});

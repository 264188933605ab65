import { LogCapture } from './support/log-capture';
import { ProbeModule } from './support/probe.module';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectEnvelope(
  body: { error: Record<string, unknown> },
  code: string,
  method: string,
  endpoint: string,
): void {
  expect(Object.hasOwn(body.error, 'details')).toBe(true);
  expect(body).toEqual({
    error: {
      code,
      message: expect.any(String),
      details: body.error['details'],
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      request_id: expect.any(String),
      context: { user_id: null, endpoint, method },
    },
  });
}

describe('error envelope (SPEC §9)', () => {
  let t: TestApp;
  const logs = new LogCapture();

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename), {
      env: { BODY_LIMIT_BYTES: '2048' },
      imports: [ProbeModule],
      logger: logs.logger,
    });
  });
  afterAll(() => t.close());

  it('answers unknown routes with 404 NOT_FOUND in the envelope', async () => {
    const res = await t.http.get('/no/such/route?token=abc').expect(404);
    expectEnvelope(res.body, 'NOT_FOUND', 'GET', '/no/such/route');
    expect(res.body.error.details).toBeNull();
    expect(res.body.error.request_id).toBe(res.headers['x-request-id']);
  });

  it('answers a method the path does not declare with 405 METHOD_NOT_ALLOWED and Allow', async () => {
    const res = await t.http.delete('/health').expect(405);
    expectEnvelope(res.body, 'METHOD_NOT_ALLOWED', 'DELETE', '/health');
    expect(res.headers['allow']).toBe('GET, HEAD');
    expect(res.body.error.details).toEqual({ allowed_methods: ['GET', 'HEAD'] });
  });

  it('lists every invalid field of a body as 400 VALIDATION_ERROR', async () => {
    const res = await t.http
      .post('/__probe/echo')
      .send({ title: '', urgency: 'urgent', count: 'many', owner: { name: 42 } })
      .expect(400);
    expectEnvelope(res.body, 'VALIDATION_ERROR', 'POST', '/__probe/echo');
    const fields = (res.body.error.details.fields as Array<{ field: string }>).map((f) => f.field).sort();
    expect(fields).toEqual(['count', 'owner.name', 'title', 'urgency']);
  });

  it('refuses fields the DTO does not declare instead of dropping them', async () => {
    const res = await t.http.post('/__probe/echo').send({ title: 'ok', status: 'closed' }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details.fields).toEqual([
      { field: 'status', problems: [expect.stringContaining('should not exist')] },
    ]);
  });

  it('refuses operator objects where a string is expected', async () => {
    const res = await t.http
      .post('/__probe/echo')
      .send({ title: { $ne: null } })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('refuses a body that is not an object', async () => {
    const res = await t.http.post('/__probe/echo').set('Content-Type', 'application/json').send('[1,2]').expect(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('passes a valid body through, converted to the declared types', async () => {
    const res = await t.http
      .post('/__probe/echo')
      .send({ title: 'Printer', count: 3, owner: { name: 'ann' } })
      .expect(201);
    expect(res.body).toEqual({ title: 'Printer', count: 3, owner: { name: 'ann' } });
  });

  it('answers malformed JSON with 400 VALIDATION_ERROR and no parser text', async () => {
    const res = await t.http
      .post('/__probe/echo')
      .set('Content-Type', 'application/json')
      .send('{"title": "x",')
      .expect(400);
    expectEnvelope(res.body, 'VALIDATION_ERROR', 'POST', '/__probe/echo');
    expect(res.body.error.message).toBe('Request body is not valid JSON');
    expect(JSON.stringify(res.body)).not.toMatch(/Unexpected|position|SyntaxError/);
  });

  it('answers bodies over the configured limit with 413', async () => {
    const res = await t.http
      .post('/__probe/echo')
      .send({ title: 'x'.repeat(4096) })
      .expect(413);
    expectEnvelope(res.body, 'PAYLOAD_TOO_LARGE', 'POST', '/__probe/echo');
  });

  it('answers unsupported content types with 415', async () => {
    const res = await t.http.post('/__probe/echo').set('Content-Type', 'application/xml').send('<a/>').expect(415);
    expectEnvelope(res.body, 'UNSUPPORTED_MEDIA_TYPE', 'POST', '/__probe/echo');
    expect(res.body.error.message).toBe('This operation takes a JSON body: send Content-Type: application/json');
  });

  it('answers a Content-Type that is not a media type with 415', async () => {
    const res = await t.http.post('/__probe/echo').set('Content-Type', 'not a type').send('{}').expect(415);
    expectEnvelope(res.body, 'UNSUPPORTED_MEDIA_TYPE', 'POST', '/__probe/echo');
  });

  it('answers unexpected errors with 500 INTERNAL_ERROR, no stack or internal text, and logs the cause', async () => {
    const res = await t.http.get('/__probe/boom').set('X-Request-Id', 'boom-1').expect(500);
    expectEnvelope(res.body, 'INTERNAL_ERROR', 'GET', '/__probe/boom');
    expect(res.body.error.message).toBe('An unexpected error occurred');
    expect(JSON.stringify(res.body)).not.toMatch(/secret internal detail|mongodb:\/\/|at .*\.ts/);
    const logged = logs.lines().find((l) => l.event === 'unhandled_error' && l.request_id === 'boom-1');
    expect(logged).toBeDefined();
    expect(logged!.module).toBe('errors');
  });

  describe('X-Request-Id', () => {
    it('echoes an acceptable incoming id in the header and the envelope', async () => {
      const res = await t.http.get('/missing').set('X-Request-Id', 'client-abc.123').expect(404);
      expect(res.headers['x-request-id']).toBe('client-abc.123');
      expect(res.body.error.request_id).toBe('client-abc.123');
    });

    it('generates a UUID when none is sent', async () => {
      const res = await t.http.get('/health').expect(200);
      expect(res.headers['x-request-id']).toMatch(UUID);
    });

    it('replaces an id that could forge log lines with a UUID', async () => {
      const res = await t.http.get('/missing').set('X-Request-Id', 'x"} {"level":"fatal').expect(404);
      expect(res.headers['x-request-id']).toMatch(UUID);
      expect(res.body.error.request_id).toBe(res.headers['x-request-id']);
    });
  });
});

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Types } from 'mongoose';
import { MAX_DOCUMENT_CHARS } from '../src/knowledge/dto/knowledge.dto';
import { signedIn, type SignedIn } from './support/accounts';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

/**
 * What the server accepts as a request (issue 17): the content type each operation takes, bodies
 * that are missing, not objects or ask for nothing, malformed multipart, methods a path does not
 * declare, and keys that would poison a prototype. Every refusal is checked in the SPEC §9
 * envelope and against the stored document, which must be exactly as it was.
 */
describe('request bodies, content types and methods', () => {
  let t: TestApp;
  let admin: SignedIn;
  let requester: SignedIn;
  let colleague: SignedIn;
  /** An open ticket of `requester` (there is no agent in this app, so nothing gets assigned). */
  let ticketId: string;
  let documentId: string;

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename), { env: { TICKETS_PER_DAY: '1000' } });
    [admin, requester, colleague] = await Promise.all([signedIn(t, 'admin'), signedIn(t, 'user'), signedIn(t, 'user')]);
    ticketId = await fileTicket('Printer jams', 'The printer on floor 2 jams on every second page.');
    documentId = (
      await t.http
        .post('/admin/documents')
        .set(admin.auth)
        .send({ title: 'Printing', content: 'Printers are on every floor by the lifts.', category: 'IT' })
        .expect(201)
    ).body.document_id;
  });
  afterAll(() => t.close());

  /** A ticket of `requester`, by its ticket_id. */
  async function fileTicket(title: string, description: string): Promise<string> {
    const res = await t.http.post('/tickets').set(requester.auth).send({ title, description }).expect(201);
    return res.body.ticket_id as string;
  }

  const storedTicket = () => t.connection.collection('tickets').findOne({ ticket_id: ticketId });
  const storedDocument = () => t.connection.collection('knowledge_base').findOne({ document_id: documentId });
  const storedUser = (id: string) => t.connection.collection('users').findOne({ _id: new Types.ObjectId(id) });
  const countOf = (collection: string) => t.connection.collection(collection).countDocuments();

  /** For methods supertest has no typed helper for (QUERY). */
  function rawRequest(
    method: string,
    path: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: { error?: { code?: string } } }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(new URL(path, t.url), { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { error?: { code?: string } },
          }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  function expectEnvelope(
    res: { body: { error?: Record<string, unknown> }; headers: Record<string, string> },
    code: string,
    method: string,
    endpoint: string,
    userId: string | null,
  ): void {
    expect(res.body).toEqual({
      error: {
        code,
        message: expect.any(String),
        details: res.body.error?.['details'] ?? null,
        timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        request_id: res.headers['x-request-id'],
        context: { user_id: userId, endpoint, method },
      },
    });
  }

  describe('malformed multipart on POST /admin/documents/upload', () => {
    const upload = () => t.http.post('/admin/documents/upload').set(admin.auth);
    const PARSER_TEXT = /Boundary not found|Unexpected end|terminated early|busboy|dicer|Multipart:/i;

    it('answers multipart/form-data without a boundary with 400, naming the boundary, storing nothing', async () => {
      const before = await countOf('knowledge_base');
      const res = await upload()
        .set('Content-Type', 'multipart/form-data')
        .send(Buffer.from('category=HR'))
        .expect(400);
      expectEnvelope(res, 'VALIDATION_ERROR', 'POST', '/admin/documents/upload', admin.id);
      expect(res.body.error.message).toMatch(/boundary/);
      expect(JSON.stringify(res.body)).not.toMatch(PARSER_TEXT);
      expect(await countOf('knowledge_base')).toBe(before);
    });

    it.each([
      ['a field part', '--XX\r\nContent-Disposition: form-data; name="category"\r\n\r\nHR'],
      [
        'a file part',
        '--XX\r\nContent-Disposition: form-data; name="category"\r\n\r\nHR\r\n' +
          '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n' +
          'Printers are on every floor.',
      ],
    ])('answers a body cut off in %s with 400 and no parser text, storing nothing', async (_label, body) => {
      const before = await countOf('knowledge_base');
      const res = await upload().set('Content-Type', 'multipart/form-data; boundary=XX').send(Buffer.from(body));
      expect(res.status).toBe(400);
      expectEnvelope(res, 'VALIDATION_ERROR', 'POST', '/admin/documents/upload', admin.id);
      expect(res.body.error.message).toMatch(/incomplete|malformed/);
      expect(JSON.stringify(res.body)).not.toMatch(PARSER_TEXT);
      expect(await countOf('knowledge_base')).toBe(before);
    });

    it('still takes a well-formed upload (the same bytes, closed)', async () => {
      const body =
        '--XX\r\nContent-Disposition: form-data; name="category"\r\n\r\nIT\r\n' +
        '--XX\r\nContent-Disposition: form-data; name="file"; filename="lifts.txt"\r\nContent-Type: text/plain\r\n\r\n' +
        'Printers are on every floor by the lifts.\r\n--XX--\r\n';
      const res = await upload().set('Content-Type', 'multipart/form-data; boundary=XX').send(Buffer.from(body));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ title: 'lifts', category: 'IT' });
    });

    it.each([
      ['two files', 2, 1],
      ['more fields than the form has', 1, 12],
    ])('answers a form with %s with 400, storing nothing', async (_label, files, fields) => {
      const before = await countOf('knowledge_base');
      let body = '';
      for (let i = 0; i < fields; i += 1) body += `--XX\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nIT\r\n`;
      for (let i = 0; i < files; i += 1) {
        body += `--XX\r\nContent-Disposition: form-data; name="file"; filename="n${i}.txt"\r\n\r\nPrinters.\r\n`;
      }
      const res = await upload()
        .set('Content-Type', 'multipart/form-data; boundary=XX')
        .send(Buffer.from(`${body}--XX--\r\n`));
      expect(res.status).toBe(400);
      expectEnvelope(res, 'VALIDATION_ERROR', 'POST', '/admin/documents/upload', admin.id);
      expect(await countOf('knowledge_base')).toBe(before);
    });

    it('answers a text body with 415 asking for multipart/form-data', async () => {
      const before = await countOf('knowledge_base');
      const res = await upload().set('Content-Type', 'text/plain').send('Printers are on every floor.').expect(415);
      expectEnvelope(res, 'UNSUPPORTED_MEDIA_TYPE', 'POST', '/admin/documents/upload', admin.id);
      expect(res.body.error.message).toMatch(/multipart\/form-data/);
      expect(await countOf('knowledge_base')).toBe(before);
    });
  });

  describe('the size limit and the largest valid body', () => {
    /** A document body whose content is `characters` emoji, each written as a JSON surrogate-pair escape. */
    const escapedDocument = (characters: number) =>
      `{"title":"Emoji","category":"General","content":"${'\\ud83d\\ude00'.repeat(characters)}"}`;

    it('takes the longest valid document written in the longest JSON escapes (2.4 MB)', async () => {
      const res = await t.http
        .post('/admin/documents')
        .set(admin.auth)
        .set('Content-Type', 'application/json')
        .send(escapedDocument(MAX_DOCUMENT_CHARS))
        .expect(201);
      expect(res.body.content).toHaveLength(MAX_DOCUMENT_CHARS * 2);
    });

    it('answers one character more with 400 naming content, not 413', async () => {
      const before = await countOf('knowledge_base');
      const res = await t.http
        .post('/admin/documents')
        .set(admin.auth)
        .set('Content-Type', 'application/json')
        .send(escapedDocument(MAX_DOCUMENT_CHARS + 1))
        .expect(400);
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['content']);
      expect(await countOf('knowledge_base')).toBe(before);
    });
  });

  describe('JSON operations take application/json only', () => {
    it.each([
      ['multipart/form-data', (req: ReturnType<TestApp['http']['put']>) => req.field('title', 'Changed by a form')],
      [
        'application/x-www-form-urlencoded',
        (req: ReturnType<TestApp['http']['put']>) =>
          req.set('Content-Type', 'application/x-www-form-urlencoded').send('title=Changed+by+a+form'),
      ],
      [
        'text/plain',
        (req: ReturnType<TestApp['http']['put']>) =>
          req.set('Content-Type', 'text/plain').send('{"title":"Changed by text"}'),
      ],
      [
        'no content type at all',
        (req: ReturnType<TestApp['http']['put']>) => req.unset('Content-Type').send(Buffer.from('{"title":"x"}')),
      ],
    ])('PUT /tickets/{id} answers %s with 415 and changes nothing', async (_label, withBody) => {
      const before = await storedTicket();
      const res = await withBody(t.http.put(`/tickets/${ticketId}`).set(requester.auth));
      expect(res.status).toBe(415);
      expectEnvelope(res, 'UNSUPPORTED_MEDIA_TYPE', 'PUT', `/tickets/${ticketId}`, requester.id);
      expect(res.body.error.message).toMatch(/application\/json/);
      expect(await storedTicket()).toEqual(before);
    });

    it('PATCH /users/{id} answers a form with 415 and changes nothing', async () => {
      const before = await storedUser(colleague.id);
      const res = await t.http.patch(`/users/${colleague.id}`).set(admin.auth).field('role', 'admin').expect(415);
      expectEnvelope(res, 'UNSUPPORTED_MEDIA_TYPE', 'PATCH', `/users/${colleague.id}`, admin.id);
      expect(await storedUser(colleague.id)).toEqual(before);
    });

    it('takes application/json with a charset parameter', async () => {
      const res = await t.http
        .put(`/tickets/${ticketId}`)
        .set(requester.auth)
        .set('Content-Type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ urgency: 'high' }))
        .expect(200);
      expect(res.body.urgency).toBe('high');
    });
  });

  describe('bodies that are missing, not objects, or ask for nothing', () => {
    const updates = () =>
      [
        {
          name: 'PUT /tickets/{id}',
          send: () => t.http.put(`/tickets/${ticketId}`).set(requester.auth),
          stored: storedTicket,
        },
        {
          name: 'PUT /admin/documents/{id}',
          send: () => t.http.put(`/admin/documents/${documentId}`).set(admin.auth),
          stored: storedDocument,
        },
        {
          name: 'PATCH /users/{id}',
          send: () => t.http.patch(`/users/${colleague.id}`).set(admin.auth),
          stored: () => storedUser(colleague.id),
        },
      ] as const;

    it('answers an update without a body with 400 and changes nothing', async () => {
      for (const update of updates()) {
        const before = await update.stored();
        const res = await update.send();
        expect({ operation: update.name, status: res.status, code: res.body.error?.code }).toEqual({
          operation: update.name,
          status: 400,
          code: 'VALIDATION_ERROR',
        });
        expect(res.body.error.message).toMatch(/body is required/);
        expect(await update.stored()).toEqual(before);
      }
    });

    it('answers an empty update ({}) with 400 "nothing to change", listing what may change, and changes nothing', async () => {
      for (const update of updates()) {
        const before = await update.stored();
        const res = await update.send().send({});
        expect({ operation: update.name, status: res.status }).toEqual({ operation: update.name, status: 400 });
        expect(res.body.error.code).toBe('VALIDATION_ERROR');
        expect(res.body.error.message).toMatch(/^Nothing to change/);
        expect(res.body.error.details.fields).toEqual([
          { field: '(body)', problems: [expect.stringMatching(/at least one of/)] },
        ]);
        expect(await update.stored()).toEqual(before);
      }
    });

    it.each(['null', '[]', '"title"', '7', 'true'])(
      'answers the non-object JSON body %s with 400 on every body operation, changing nothing',
      async (body) => {
        const before = await storedTicket();
        const runsBefore = await countOf('job_runs');
        for (const [send, endpoint] of [
          [() => t.http.put(`/tickets/${ticketId}`).set(requester.auth), `/tickets/${ticketId}`],
          [() => t.http.post(`/tickets/${ticketId}/resolve`).set(requester.auth), `/tickets/${ticketId}/resolve`],
          [() => t.http.post('/admin/trigger-misuse-detection').set(admin.auth), '/admin/trigger-misuse-detection'],
        ] as const) {
          const res = await send().set('Content-Type', 'application/json').send(body);
          expect({ endpoint, status: res.status }).toEqual({ endpoint, status: 400 });
          expect(res.body.error.message).toMatch(/must be a JSON object/);
        }
        expect(await storedTicket()).toEqual(before);
        expect(await countOf('job_runs')).toBe(runsBefore);
      },
    );

    it('has the document mark a body optional exactly where the server takes a request without one', async () => {
      const document = (await t.http.get('/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, { requestBody?: { required?: boolean } }>>;
      };
      const optional = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, operation]) => operation.requestBody && operation.requestBody.required === false)
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
      expect(optional.sort()).toEqual([
        'POST /admin/knowledge-suggestions/{id}/approve',
        'POST /admin/misuse-reports/{report_id}/mark-reviewed',
        'POST /admin/trigger-misuse-detection',
        'POST /ai/self-serve-sessions/{session_id}/ticket',
        'POST /tickets/{id}/resolve',
      ]);
    });

    it('runs misuse detection with no body (the window is optional)', async () => {
      const res = await t.http.post('/admin/trigger-misuse-detection').set(admin.auth).expect(200);
      expect(res.body).toMatchObject({ trigger: 'manual', window_hours: 24 });
    });

    it('marks a report reviewed by path with no body, and answers a missing report with 404', async () => {
      await t.http
        .post(`/admin/misuse-reports/${new Types.ObjectId().toHexString()}/mark-reviewed`)
        .set(admin.auth)
        .expect(404);
    });

    it('resolves a ticket with no body (feedback is optional)', async () => {
      const own = await fileTicket('Monitor flickers', 'The second monitor flickers every few minutes.');
      const res = await t.http.post(`/tickets/${own}/resolve`).set(requester.auth).expect(200);
      expect(res.body).toMatchObject({ status: 'resolved', feedback: null });
    });
  });

  it('answers a path id longer than any id with 400 in the envelope, not 414', async () => {
    const res = await t.http
      .get(`/admin/documents/KB-${'1'.repeat(150)}-ABCDEF`)
      .set(admin.auth)
      .expect(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringMatching(/longer than any valid id/),
    });
  });

  describe('methods a path does not declare', () => {
    it.each([
      ['DELETE', '/tickets', ['GET', 'HEAD', 'POST']],
      ['TRACE', '/tickets/TKT-1763980000000-ABCDEF', ['GET', 'HEAD', 'PUT']],
      ['PATCH', '/health', ['GET', 'HEAD']],
      ['PUT', '/admin/documents/upload', ['POST']],
    ])(
      'answers %s %s with 405 METHOD_NOT_ALLOWED and Allow listing the path’s methods',
      async (method, path, allowed) => {
        const res = await t.http[method.toLowerCase() as 'delete' | 'trace' | 'patch' | 'put'](path).set(admin.auth);
        expect(res.status).toBe(405);
        expectEnvelope(res, 'METHOD_NOT_ALLOWED', method, path, null);
        const allow = String(res.headers['allow']).split(/,\s*/);
        expect(allow).toEqual(expect.arrayContaining(allowed));
        expect(allow).not.toContain(method);
        expect(res.body.error.details).toEqual({ allowed_methods: allow });
      },
    );

    it('answers QUERY (RFC 10008) without a content type with 405, not 400', async () => {
      const res = await rawRequest('QUERY', '/tickets', admin.auth);
      expect(res.status).toBe(405);
      expect(res.body.error?.code).toBe('METHOD_NOT_ALLOWED');
      expect(res.headers['allow']).toMatch(/\bGET\b/);
    });

    it('answers a method the server does not know at all with 405 on a known path', async () => {
      const res = await t.http.propfind('/tickets').set(admin.auth);
      expect(res.status).toBe(405);
      expect(res.headers['allow']).toMatch(/\bPOST\b/);
    });

    it('creates nothing when POST-only paths are asked with another method', async () => {
      const before = await countOf('tickets');
      await t.http.put('/tickets').set(requester.auth).send({ title: 'x', description: 'y' }).expect(405);
      expect(await countOf('tickets')).toBe(before);
    });

    it.each([
      ['TRACE', '/no/such/path'],
      ['DELETE', '/no/such/path'],
      ['GET', '/tickets/TKT-1763980000000-ABCDEF/nothing-here'],
    ])('keeps 404 for %s %s, a path no method has', async (method, path) => {
      const res = await t.http[method.toLowerCase() as 'trace' | 'delete' | 'get'](path).set(admin.auth);
      expect(res.status).toBe(404);
      expect(res.headers['allow']).toBeUndefined();
      expectEnvelope(res, 'NOT_FOUND', method, path, null);
    });
  });

  describe('keys that would poison a prototype', () => {
    it.each([
      ['__proto__', '{"title":"Changed","__proto__":{"role":"admin"}}'],
      ['constructor.prototype', '{"title":"Changed","constructor":{"prototype":{"role":"admin"}}}'],
    ])('refuses a body with %s with 400 saying so (not "not valid JSON"), changing nothing', async (key, body) => {
      const before = await storedTicket();
      const res = await t.http
        .put(`/tickets/${ticketId}`)
        .set(requester.auth)
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.message).toContain(key.split('.')[0]);
      expect(res.body.error.message).toMatch(/not allowed/);
      expect(res.body.error.message).not.toMatch(/not valid JSON/);
      expect(await storedTicket()).toEqual(before);
    });

    it('still calls malformed JSON malformed', async () => {
      const res = await t.http
        .put(`/tickets/${ticketId}`)
        .set(requester.auth)
        .set('Content-Type', 'application/json')
        .send('{"title": "x",')
        .expect(400);
      expect(res.body.error.message).toBe('Request body is not valid JSON');
    });
  });
});

import { signedIn, type SignedIn } from './support/accounts';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

const LEAVE_POLICY = {
  title: 'Annual leave policy',
  category: 'HR',
  tags: ['Leave', 'vacation', 'leave'],
  content: [
    'This policy covers paid time off.',
    '# Entitlement',
    'Full-time employees get 25 days of paid vacation per calendar year.',
    '## Carry-over',
    'Up to 5 unused days move to the next year and expire on 31 March.',
    '# Sick leave',
    'Tell your manager before 9:00 and upload a doctor certificate after three days.',
  ].join('\n'),
};
const VPN_GUIDE = {
  title: 'VPN setup',
  category: 'IT',
  content:
    '# Installing the client\nDownload the VPN client from the portal and sign in with MFA.\n# Troubleshooting\nIf the VPN times out, restart the client.',
};

describe('knowledge base administration and retrieval', () => {
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename));
    admin = await signedIn(t, 'admin');
  });
  afterAll(() => t.close());

  const create = (body: object) => t.http.post('/admin/documents').set(admin.auth).send(body);
  const search = (q: string, extra = '') =>
    t.http
      .get(`/admin/documents/search?q=${encodeURIComponent(q)}${extra}`)
      .set(admin.auth)
      .expect(200);

  it('creates a document, chunked with headings kept, and finds its passages', async () => {
    const res = await create(LEAVE_POLICY).expect(201);
    expect(res.body).toMatchObject({
      document_id: expect.stringMatching(/^KB-\d{13}-[A-Z0-9]{6}$/),
      title: 'Annual leave policy',
      category: 'HR',
      tags: ['leave', 'vacation'],
      usage_count: 0,
      effectiveness_score: 0,
      chunk_count: 4,
    });
    await create(VPN_GUIDE).expect(201);

    const found = await search('how many vacation days do I get');
    expect(found.body[0]).toMatchObject({ document_id: res.body.document_id, heading: 'Entitlement', category: 'HR' });
    expect(found.body[0].text).toContain('25 days');
    expect(found.body[0].score).toBeGreaterThan(0);

    // The heading carries the topic: "carry over" is only in the heading of that passage.
    const carry = await search('carry over');
    expect(carry.body[0].heading).toBe('Entitlement › Carry-over');

    const vpn = await search('vpn times out');
    expect(vpn.body[0]).toMatchObject({ category: 'IT', heading: 'Troubleshooting' });
    const onlyHr = await search('vpn times out', '&category=HR');
    expect(onlyHr.body.every((chunk: { category: string }) => chunk.category === 'HR')).toBe(true);
    expect((await search('zebra quantum spaghetti')).body).toEqual([]);
  });

  it('rebuilds retrieval when a document changes or is deleted', async () => {
    const doc = (
      await create({ title: 'Printer guide', category: 'IT', content: 'Printers are on every floor.' }).expect(201)
    ).body;
    // Found by meaning (printers), not yet by its words.
    expect((await search('toner cartridge')).body).toMatchObject([
      { text: 'Printers are on every floor.', lexical_score: 0 },
    ]);
    const updated = await t.http
      .put(`/admin/documents/${doc.document_id}`)
      .set(admin.auth)
      .send({ content: '# Toner\nSpare toner cartridges are in the supply room.' })
      .expect(200);
    expect(updated.body).toMatchObject({ title: 'Printer guide', chunk_count: 1 });
    expect((await search('toner cartridge')).body[0]).toMatchObject({
      document_id: doc.document_id,
      text: 'Spare toner cartridges are in the supply room.',
      terms: expect.arrayContaining(['toner']),
    });

    await t.http
      .delete(`/admin/documents/${doc.document_id}`)
      .set(admin.auth)
      .expect(200, { message: 'Document deleted' });
    expect((await search('toner cartridge')).body).toEqual([]);
    await t.http.get(`/admin/documents/${doc.document_id}`).set(admin.auth).expect(404);
    await t.http.delete(`/admin/documents/${doc.document_id}`).set(admin.auth).expect(404);
    expect(await t.connection.collection('knowledge_chunks').countDocuments({ document_id: doc.document_id })).toBe(0);
  });

  it('lists, reads and counts documents', async () => {
    const list = await t.http.get('/admin/documents?category=HR&limit=100').set(admin.auth).expect(200);
    expect(list.body.documents.every((d: { category: string }) => d.category === 'HR')).toBe(true);
    expect(list.body.total_count).toBe(list.body.documents.length);
    const one = await t.http.get(`/admin/documents/${list.body.documents[0].document_id}`).set(admin.auth).expect(200);
    expect(one.body.content).toContain('25 days');

    const stats = await t.http.get('/admin/documents/stats').set(admin.auth).expect(200);
    expect(stats.body).toMatchObject({
      documents_by_category: { IT: 1, HR: 1, General: 0 },
      total_documents: 2,
      total_chunks: await t.connection.collection('knowledge_chunks').countDocuments(),
    });
    expect(stats.body.most_used).toHaveLength(2);
  });

  it.each([
    ['an empty title', { ...VPN_GUIDE, title: '' }],
    ['no content', { title: 'x', category: 'IT' }],
    ['content without text', { ...VPN_GUIDE, content: '# Only a heading' }],
    // Found by the contract fuzzer: a form feed alone is whitespace to trim, so nothing to answer from.
    ['content of whitespace only', { ...VPN_GUIDE, content: '\f\u2028 \t' }],
    ['an unknown category', { ...VPN_GUIDE, category: 'Finance' }],
    ['tags that are not strings', { ...VPN_GUIDE, tags: [1, 2] }],
    ['too many tags', { ...VPN_GUIDE, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
    ['an operator object', { ...VPN_GUIDE, title: { $ne: null } }],
    ['a usage_count', { ...VPN_GUIDE, usage_count: 99 }],
  ])('refuses %s with 400, storing nothing', async (_label, body) => {
    const before = await t.connection.collection('knowledge_base').countDocuments();
    const res = await create(body).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(await t.connection.collection('knowledge_base').countDocuments()).toBe(before);
  });

  it("documents that content needs text: the schema's pattern refuses whitespace alone", async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      components: { schemas: Record<string, { properties?: Record<string, { pattern?: string }> }> };
    };
    for (const name of ['CreateKnowledgeDocumentDto', 'UpdateKnowledgeDocumentDto']) {
      const pattern = doc.components.schemas[name]?.properties?.['content']?.pattern;
      expect({ name, pattern: typeof pattern }).toEqual({ name, pattern: 'string' });
      expect(new RegExp(pattern!).test('\f\u2028 \t')).toBe(false);
      expect(new RegExp(pattern!).test(VPN_GUIDE.content)).toBe(true);
    }
  });

  it('answers 400 for malformed ids and queries, 404 for unknown documents', async () => {
    await t.http.get('/admin/documents/not-an-id').set(admin.auth).expect(400);
    await t.http.get('/admin/documents/KB-1700000000000-ZZZZZZ').set(admin.auth).expect(404);
    await t.http.put('/admin/documents/KB-1700000000000-ZZZZZZ').set(admin.auth).send({ title: 'x' }).expect(404);
    await t.http.get('/admin/documents/search').set(admin.auth).expect(400);
    await t.http
      .get(`/admin/documents/search?q=${'x'.repeat(501)}`)
      .set(admin.auth)
      .expect(400);
    await t.http.get('/admin/documents?category=Finance').set(admin.auth).expect(400);
  });

  it.each(['user', 'it_agent', 'hr_agent'] as const)('refuses %s with 403 on every endpoint', async (role) => {
    const caller = await signedIn(t, role);
    await t.http.post('/admin/documents').set(caller.auth).send(VPN_GUIDE).expect(403);
    await t.http.get('/admin/documents').set(caller.auth).expect(403);
    await t.http.get('/admin/documents/stats').set(caller.auth).expect(403);
    await t.http.get('/admin/documents/search?q=vpn').set(caller.auth).expect(403);
  });

  it('keeps instances consistent: a document added through one is found through another', async () => {
    const other = await startTestApp(t.config.database.dbName!);
    try {
      expect(
        (await other.http.get('/admin/documents/search?q=vpn').set(admin.auth).expect(200)).body.length,
      ).toBeGreaterThan(0);
      await create({
        title: 'Badge office',
        category: 'General',
        content: 'Lost badges are replaced at reception.',
      }).expect(201);
      const found = await other.http.get('/admin/documents/search?q=lost%20badge').set(admin.auth).expect(200);
      expect(found.body[0]).toMatchObject({ title: 'Badge office', category: 'General' });
    } finally {
      await other.close({ dropDatabase: false });
    }
  });
});

import { signedIn, type SignedIn } from './support/accounts';
import { GeminiStandIn } from './support/gemini-stand-in';
import { PineconeStandIn } from './support/pinecone-stand-in';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

const DIMENSIONS = 128;
/**
 * The stand-in's embedding model: one dimension per topic, lit by any of its words, so texts about
 * the same thing are similar without sharing a word, as with real embeddings.
 */
const TOPICS = [
  ['vpn', 'tunnel', 'remote access'],
  ['leave', 'vacation', 'holiday'],
  ['printer', 'toner'],
];
function topicEmbedding(text: string): number[] {
  const lower = text.toLowerCase();
  const vector = new Array<number>(DIMENSIONS).fill(0);
  TOPICS.forEach((words, i) => (vector[i] = words.some((word) => lower.includes(word)) ? 1 : 0));
  vector[DIMENSIONS - 1] = 0.05;
  return vector;
}

const VPN_GUIDE = {
  title: 'VPN troubleshooting',
  category: 'IT',
  content: '# Installing\nDownload the VPN client from the portal.\n# Time-outs\nRestart the client and approve MFA.',
};

describe('vector retrieval: Gemini embeddings in Pinecone, local retrieval behind it', () => {
  const gemini = new GeminiStandIn();
  const pinecone = new PineconeStandIn();
  let env: Record<string, string>;
  let t: TestApp;
  let admin: SignedIn;
  let user: SignedIn;

  beforeAll(async () => {
    env = {
      GEMINI_API_KEY: 'stand-in-key',
      GEMINI_BASE_URL: await gemini.start(),
      GEMINI_EMBEDDING_DIMENSIONS: String(DIMENSIONS),
      PINECONE_API_KEY: 'stand-in-key',
      PINECONE_INDEX: 'helpdesk-knowledge',
      PINECONE_HOST: await pinecone.start(),
      AI_TIMEOUT_MS: '700',
    };
    t = await startTestApp(uniqueDatabaseName(__filename), { env });
    [admin, user] = await Promise.all([signedIn(t, 'admin'), signedIn(t, 'user')]);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([gemini.stop(), pinecone.stop()]);
  });
  beforeEach(() => {
    gemini.embedding = topicEmbedding;
    pinecone.mode = 'ok';
  });

  const create = async (body: object) =>
    (await t.http.post('/admin/documents').set(admin.auth).send(body).expect(201)).body.document_id as string;
  const stored = (documentId: string) => t.connection.collection('knowledge_base').findOne({ document_id: documentId });
  const vectorIdsOf = (documentId: string) =>
    [...pinecone.vectors.keys()].filter((id) => id.startsWith(`${documentId}#`)).sort();
  const embeddingStatus = async () =>
    (await t.http.get('/admin/system-status').set(admin.auth).expect(200)).body.ai.embeddings as {
      failures_since_start: number;
      last_error: { at: string; message: string } | null;
    };
  const embeddingFailures = async () => (await embeddingStatus()).failures_since_start;
  const search = async (q: string, extra = '') =>
    (
      await t.http
        .get(`/admin/documents/search?q=${encodeURIComponent(q)}${extra}`)
        .set(admin.auth)
        .expect(200)
    ).body as Array<{ document_id: string; retrieval: string; score: number }>;

  it('writes a vector per chunk, embedded as a document at the configured size, with its metadata', async () => {
    const id = await create(VPN_GUIDE);
    expect(vectorIdsOf(id)).toEqual([`${id}#0`, `${id}#1`]);
    expect(pinecone.vectors.get(`${id}#1`)!.metadata).toEqual({ document_id: id, chunk_index: 1, category: 'IT' });
    const embedRequest = gemini.requests.filter((r) => r.url.includes(':batchEmbedContents')).at(-1)!;
    expect(JSON.stringify(embedRequest.body)).toContain('RETRIEVAL_DOCUMENT');
    expect(JSON.stringify(embedRequest.body)).toContain(`"outputDimensionality":${DIMENSIONS}`);
    expect(await stored(id)).toMatchObject({ vectors_pending: false, vector_count: 2 });
  });

  it('finds passages by meaning, without a shared word, and answers from them', async () => {
    const id = await create({
      title: 'Cartridge replacement',
      category: 'IT',
      content: '# Toner\nOpen the front cover and swap the toner cartridge.',
    });
    const question = 'The printer prints faded pages';
    const hits = await search(question);
    expect(hits[0]).toMatchObject({ document_id: id, retrieval: 'vector', score: expect.any(Number) });
    expect(hits[0]!.score).toBeGreaterThan(0.9);

    const answer = (await t.http.post('/ai/self-serve-query').set(user.auth).send({ query: question }).expect(200))
      .body;
    expect(answer.sources).toEqual([{ document_id: id, title: 'Cartridge replacement', score: hits[0]!.score }]);
    expect(answer.answer).toContain('swap the toner cartridge. (source: Cartridge replacement, Toner)');

    const unrelated = await t.http
      .post('/ai/self-serve-query')
      .set(user.auth)
      .send({ query: 'How do I book a helicopter?' })
      .expect(200);
    expect(unrelated.body.sources).toEqual([]);
  });

  it('passes category filters to Pinecone', async () => {
    await create(VPN_GUIDE);
    expect(await search('remote access tunnel', '&category=HR')).toEqual([]);
    expect(pinecone.requests.filter((r) => r.path === '/query').at(-1)!.body['filter']).toEqual({
      category: { $in: ['HR'] },
    });
  });

  it('drops the vectors of chunks a document loses, and all of them on DELETE', async () => {
    const id = await create({ ...VPN_GUIDE, content: '# One\nVPN one.\n# Two\nVPN two.\n# Three\nVPN three.' });
    expect(vectorIdsOf(id)).toHaveLength(3);
    await t.http.put(`/admin/documents/${id}`).set(admin.auth).send({ content: 'VPN only.' }).expect(200);
    expect(vectorIdsOf(id)).toEqual([`${id}#0`]);
    await t.http.delete(`/admin/documents/${id}`).set(admin.auth).expect(200);
    expect(vectorIdsOf(id)).toEqual([]);
  });

  it.each([
    ['Pinecone answers 500', () => (pinecone.mode = 'fail')],
    ['Pinecone hangs', () => (pinecone.mode = 'hang')],
    ['Gemini embeddings fail', () => (gemini.embedding = 'fail')],
    ['Gemini embeddings hang', () => (gemini.embedding = 'hang')],
  ])('searches locally (hybrid) when %s', async (_label, breakIt) => {
    await create(VPN_GUIDE);
    breakIt();
    const failuresBefore = await embeddingFailures();
    const hits = await search('VPN client');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.retrieval === 'hybrid')).toBe(true);
    // The status page says answers are coming from the fallback, and why.
    const status = await embeddingStatus();
    expect(status.failures_since_start).toBe(failuresBefore + 1);
    expect(status.last_error).toEqual({ at: expect.any(String), message: expect.stringMatching(/\S/) });
  });

  it('keeps a change made while Pinecone is down, and writes its vectors once it is back', async () => {
    pinecone.mode = 'fail';
    const missed = await create({ ...VPN_GUIDE, title: 'Written during the outage' });
    expect(await stored(missed)).toMatchObject({ vectors_pending: true });
    expect(vectorIdsOf(missed)).toEqual([]);

    pinecone.mode = 'ok';
    const next = await create({ ...VPN_GUIDE, title: 'Written after it' });
    expect(vectorIdsOf(missed)).toHaveLength(2);
    expect(vectorIdsOf(next)).toHaveLength(2);
    expect(await stored(missed)).toMatchObject({ vectors_pending: false });
  });

  it('catches up on start with what an outage left unwritten', async () => {
    pinecone.mode = 'fail';
    const missed = await create({ ...VPN_GUIDE, title: 'Written before a restart' });
    pinecone.mode = 'ok';
    const restarted = await startTestApp(t.config.database.dbName!, { env });
    try {
      for (let i = 0; i < 50 && vectorIdsOf(missed).length === 0; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(vectorIdsOf(missed)).toHaveLength(2);
    } finally {
      await restarted.close({ dropDatabase: false });
    }
  });
});

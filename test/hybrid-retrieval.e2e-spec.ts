import { MIN_LOCAL_SIMILARITY, NOTHING_FOUND } from '../src/ai/local/answer-composer';
import { MODEL_TAG } from '../src/ai/local/embeddings/model-files';
import { KnowledgeService } from '../src/knowledge/knowledge.service';
import { STARTER_DOCUMENTS } from '../src/knowledge/starter-documents';
import { signedIn, type SignedIn } from './support/accounts';
import { LogCapture } from './support/log-capture';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';
import { until } from './support/until';

jest.setTimeout(60_000);

// A paraphrase sharing no content word with the article that answers it (Sick leave): the lexical
// index finds nothing to answer from, the sentence model finds the article.
const PARAPHRASE = 'I woke up with a fever and can not come in';

interface StoredChunkRow {
  document_id: string;
  index: number;
  embedding?: { buffer: Uint8Array };
  embedding_model?: string;
}

describe('hybrid retrieval with the local sentence model', () => {
  let t: TestApp;
  let user: SignedIn;
  let admin: SignedIn;
  const logs = new LogCapture('info');
  const chunks = () => t.connection.collection<StoredChunkRow>('knowledge_chunks');
  const embeddedLogs = () => logs.lines().filter((line) => line.event === 'chunks_embedded');

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename), { logger: logs.logger });
    await t.app.get(KnowledgeService).seedStarterDocuments();
    user = await signedIn(t, 'user');
    admin = await signedIn(t, 'admin');
  });
  afterAll(() => t.close());

  it('answers a paraphrase from the article that means it, citing its similarity', async () => {
    const res = await t.http.post('/ai/self-serve-query').set(user.auth).send({ query: PARAPHRASE }).expect(200);
    expect(res.body.sources[0]).toMatchObject({ title: 'Sick leave' });
    expect(res.body.sources[0].score).toBeGreaterThanOrEqual(MIN_LOCAL_SIMILARITY);
    expect(res.body.answer).not.toBe(NOTHING_FOUND);
    const status = await t.http.get('/admin/system-status').set(admin.auth).expect(200);
    expect(status.body.ai.embeddings.local_model).toEqual({ state: 'loaded', model: MODEL_TAG, reason: null });
  });

  it('shows both scores on each passage of GET /admin/documents/search', async () => {
    const res = await t.http
      .get('/admin/documents/search')
      .query({ q: 'How many vacation days do I get?' })
      .set(admin.auth);
    expect(res.status).toBe(200);
    const [best] = res.body as Array<Record<string, unknown>>;
    expect(best).toMatchObject({ title: 'Annual leave', retrieval: 'hybrid' });
    expect(best!['score']).toBeGreaterThan(0.3);
    expect(best!['score']).toBeLessThanOrEqual(1);
    expect(best!['lexical_score']).toBeGreaterThan(1);
  });

  it('stores each chunk’s vector with the model that made it, once', async () => {
    const rows = await chunks().find().toArray();
    expect(rows.length).toBeGreaterThan(STARTER_DOCUMENTS.length);
    for (const row of rows) {
      expect(row.embedding_model).toBe(MODEL_TAG);
      expect(row.embedding!.buffer.byteLength).toBe(384 * 4);
    }
    // The whole starter knowledge base was embedded by the first search, and never again.
    expect(embeddedLogs()).toHaveLength(1);
    expect(embeddedLogs()[0]!.data).toEqual({ chunks: rows.length });
  });

  it('embeds only what changed: a new document, and a vector of another model', async () => {
    logs.raw.length = 0;
    const [stale] = await chunks().find().limit(1).toArray();
    await chunks().updateOne(
      { document_id: stale!.document_id, index: stale!.index },
      { $set: { embedding_model: 'another-model@0' } },
    );
    await t.http
      .post('/admin/documents')
      .set(admin.auth)
      .send({
        title: 'Company car',
        content: 'Pool cars are booked in the fleet portal a day ahead.',
        category: 'General',
      })
      .expect(201);
    const res = await t.http
      .post('/ai/self-serve-query')
      .set(user.auth)
      .send({ query: 'How do I reserve a vehicle for a client visit?' })
      .expect(200);
    expect(res.body.sources[0]).toMatchObject({ title: 'Company car' });
    expect(embeddedLogs().map((line) => line.data)).toEqual([{ chunks: 2 }]);
    const restored = await chunks().findOne({ document_id: stale!.document_id, index: stale!.index });
    expect(restored!.embedding_model).toBe(MODEL_TAG);
  });

  it('a second instance on the same database reads the stored vectors instead of embedding again', async () => {
    const other = await startTestApp(t.config.database.dbName!, { logger: logs.logger });
    try {
      logs.raw.length = 0;
      const res = await other.http.post('/ai/self-serve-query').set(user.auth).send({ query: PARAPHRASE }).expect(200);
      expect(res.body.sources[0]).toMatchObject({ title: 'Sick leave' });
      expect(embeddedLogs()).toEqual([]);
    } finally {
      await other.close({ dropDatabase: false });
    }
  });
});

describe('retrieval without the sentence model', () => {
  it.each([
    ['switched off', { LOCAL_EMBEDDINGS: 'false' }, null],
    ['missing', { LOCAL_EMBEDDING_MODEL_DIR: '/nonexistent/model' }, 'model files missing: run npm run model:install'],
  ])('%s: answers lexically, abstaining on the paraphrase, and says why', async (_, env, reason) => {
    const logs = new LogCapture('info');
    const t = await startTestApp(uniqueDatabaseName(__filename), { env, logger: logs.logger });
    try {
      await t.app.get(KnowledgeService).seedStarterDocuments();
      const user = await signedIn(t, 'user');
      const paraphrase = await t.http
        .post('/ai/self-serve-query')
        .set(user.auth)
        .send({ query: PARAPHRASE })
        .expect(200);
      expect(paraphrase.body).toMatchObject({ answer: NOTHING_FOUND, sources: [] });
      const worded = await t.http
        .post('/ai/self-serve-query')
        .set(user.auth)
        .send({ query: 'How many vacation days do I get?' })
        .expect(200);
      expect(worded.body.sources[0]).toMatchObject({ title: 'Annual leave' });
      const unavailable = logs.lines().filter((line) => line.event === 'local_embeddings_unavailable');
      expect(unavailable.map((line) => line.data?.['reason'])).toEqual(reason ? [reason] : []);
      const admin = await signedIn(t, 'admin');
      const status = await t.http.get('/admin/system-status').set(admin.auth).expect(200);
      expect(status.body.ai.embeddings.local_model).toEqual(
        reason ? { state: 'unavailable', model: null, reason } : { state: 'off', model: null, reason: null },
      );
    } finally {
      await t.close();
    }
  });
});

describe('hybrid retrieval after a bulk import', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('answers lexically while the vectors are made in the background, then by meaning', async () => {
    t = await startTestApp(uniqueDatabaseName(__filename));
    const admin = await signedIn(t, 'admin');
    const imported = Array.from({ length: 100 }, (_, i) => ({
      document_id: `KB-IMPORT-${i}`,
      index: 0,
      title: `Imported guide ${i}`,
      heading: `Imported guide ${i}`,
      text: i === 42 ? 'Employees get 25 vacation days per calendar year.' : `Procedure number ${i} for the warehouse.`,
      category: 'HR',
    }));
    await t.connection.collection('knowledge_chunks').insertMany(imported);
    await t.connection
      .collection<{ _id: string; value: number }>('knowledge_revision')
      .updateOne({ _id: 'knowledge' }, { $inc: { value: 1 } }, { upsert: true });
    const search = async () =>
      (await t.http.get('/admin/documents/search').query({ q: 'vacation days' }).set(admin.auth).expect(200))
        .body as Array<{ title: string; retrieval: string }>;

    const first = await search();
    expect(first[0]).toMatchObject({ title: 'Imported guide 42', retrieval: 'lexical' });
    const later = await until(search, (found) => found[0]?.retrieval === 'hybrid', 30_000);
    expect(later[0]!.title).toBe('Imported guide 42');
    const rows = await t.connection.collection<StoredChunkRow>('knowledge_chunks').find().toArray();
    expect(rows.filter((row) => row.embedding_model === MODEL_TAG)).toHaveLength(100);
  });
});

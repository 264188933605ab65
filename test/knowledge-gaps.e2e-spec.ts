import { UNANSWERED_QUESTION_RETENTION_DAYS } from '../src/assistant/knowledge-gaps/unanswered-question.schema';
import { signedIn, type SignedIn } from './support/accounts';
import { findOperation, mismatches, type OpenApiDocument } from './support/openapi';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';
import { until } from './support/until';

jest.setTimeout(60_000);

const HELICOPTER = 'How do I book the company helicopter for a client visit?';
const HELICOPTER_AGAIN = 'Is there a company helicopter I can book for visiting clients?';
const DRESS_CODE = 'What is the dress code for the summer party?';

describe('GET /admin/knowledge-gaps', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let admin: SignedIn;
  let alice: SignedIn;
  let bob: SignedIn;
  let itAgent: SignedIn;
  let helicopterSession: string;

  const ask = async (who: SignedIn, query: string, sessionId?: string) =>
    (
      await t.http
        .post('/ai/self-serve-query')
        .set(who.auth)
        .send({ query, ...(sessionId ? { session_id: sessionId } : {}) })
        .expect(200)
    ).body as { session_id: string; sources: unknown[] };
  const gaps = (query = '', who: SignedIn = admin) => t.http.get(`/admin/knowledge-gaps${query}`).set(who.auth);

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename));
    doc = (await t.http.get('/docs-json').expect(200)).body as OpenApiDocument;
    [admin, alice, bob, itAgent] = await Promise.all([
      signedIn(t, 'admin'),
      signedIn(t, 'user'),
      signedIn(t, 'user'),
      signedIn(t, 'it_agent'),
    ]);
    await t.http
      .post('/admin/documents')
      .set(admin.auth)
      .send({
        title: 'Annual leave policy',
        category: 'HR',
        content: '# Vacation days\nFull-time employees get 25 vacation days per year.',
      })
      .expect(201);

    const answered = await ask(alice, 'How many vacation days do I get?');
    expect(answered.sources).not.toEqual([]);
    const helicopter = await ask(alice, HELICOPTER);
    expect(helicopter.sources).toEqual([]);
    helicopterSession = helicopter.session_id;
    expect((await ask(bob, HELICOPTER_AGAIN)).sources).toEqual([]);
    // An agent's unanswered question is a gap too: the knowledge base serves every role.
    expect((await ask(itAgent, DRESS_CODE)).sources).toEqual([]);
  });
  afterAll(() => t.close());

  it('groups paraphrases of an unanswered question, keeps an unrelated one apart, and leaves answered ones out', async () => {
    const res = await gaps().expect(200);
    expect(
      mismatches(
        doc,
        findOperation(doc, 'get', '/admin/knowledge-gaps').responses['200']!.content!['application/json']!.schema!,
        res.body,
      ),
    ).toEqual([]);
    expect(res.body).toEqual({
      from: expect.any(String),
      to: expect.any(String),
      questions_grouped: 3,
      questions_capped: false,
      total_groups: 2,
      groups: [
        {
          representative_question: expect.stringMatching(/helicopter/),
          content_words: ['book', 'client', 'company', 'helicopter', 'visit'],
          count: 2,
          distinct_askers: 2,
          examples: [expect.stringMatching(/helicopter/)],
          first_asked_at: expect.any(String),
          last_asked_at: expect.any(String),
        },
        {
          representative_question: DRESS_CODE,
          content_words: ['cod', 'dress', 'party', 'summer'],
          count: 1,
          distinct_askers: 1,
          examples: [],
          first_asked_at: expect.any(String),
          last_asked_at: expect.any(String),
        },
      ],
    });
    const [helicopterGap] = res.body.groups as Array<{ representative_question: string; examples: string[] }>;
    expect([helicopterGap!.representative_question, ...helicopterGap!.examples].sort()).toEqual(
      [HELICOPTER, HELICOPTER_AGAIN].sort(),
    );
    // The default range: the last 30 days, ending now.
    const span = Date.parse(res.body.to as string) - Date.parse(res.body.from as string);
    expect(span).toBe(30 * 86_400_000);
    expect(Math.abs(Date.parse(res.body.to as string) - Date.now())).toBeLessThan(60_000);
  });

  it('keeps each unanswered question with its words, asker, session and time, for a bounded retention', async () => {
    const stored = await t.connection.collection('unanswered_questions').find({ query: HELICOPTER }).toArray();
    expect(stored).toEqual([
      {
        _id: expect.anything(),
        query: HELICOPTER,
        content_words: ['book', 'client', 'company', 'helicopter', 'visit'],
        user_id: expect.anything(),
        session_id: helicopterSession,
        asked_at: expect.any(Date),
      },
    ]);
    expect(String(stored[0]!['user_id'])).toBe(alice.id);
    // Mongoose builds indexes in the background after the app starts.
    const ttl = await until(
      async () =>
        (await t.connection.collection('unanswered_questions').indexes()).find(
          (index) => index.expireAfterSeconds !== undefined,
        ),
      (index) => index !== undefined,
    );
    expect(ttl).toMatchObject({
      key: { asked_at: 1 },
      expireAfterSeconds: UNANSWERED_QUESTION_RETENTION_DAYS * 86_400,
    });
  });

  it('lists only the range asked for, and at most `limit` groups', async () => {
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const past = await gaps(`?from=${day(10)}&to=${day(1)}`).expect(200);
    expect(past.body).toMatchObject({ questions_grouped: 0, total_groups: 0, groups: [] });

    const limited = await gaps('?limit=1').expect(200);
    expect(limited.body).toMatchObject({ total_groups: 2, questions_grouped: 3 });
    expect(limited.body.groups).toHaveLength(1);
    expect(limited.body.groups[0].count).toBe(2);

    const since = new Date(Date.now() - 3_600_000).toISOString();
    expect((await gaps(`?from=${since}`).expect(200)).body.questions_grouped).toBe(3);
  });

  it('refuses a bad range or limit with 400 in the error envelope', async () => {
    for (const query of [
      '?from=yesterday',
      '?to=2025-02-30',
      '?from=2025-06-01&to=2025-05-01',
      '?from=2024-01-01&to=2025-06-01',
      '?limit=0',
      '?limit=101',
      '?limit=1.5',
      '?limit=ten',
      '?limit=1e1',
      '?page=2',
    ]) {
      const res = await gaps(query);
      expect({ query, status: res.status, code: res.body.error?.code }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_ERROR',
      });
      expect(res.body.error).toMatchObject({ message: expect.any(String), request_id: expect.any(String) });
    }
  });

  it('is for admins only', async () => {
    for (const who of [alice, itAgent]) {
      const res = await gaps('', who).expect(403);
      expect(res.body.error.code).toBe('AUTHZ_FORBIDDEN');
    }
    await t.http.get('/admin/knowledge-gaps').expect(401);
  });

  it('counts a follow-up the bot could not answer either, in its session', async () => {
    await ask(alice, 'and can my manager book the helicopter for client visits too?', helicopterSession);
    const res = await gaps().expect(200);
    expect(res.body.questions_grouped).toBe(4);
    expect(res.body.groups[0]).toMatchObject({ count: 3, distinct_askers: 2 });
  });
});

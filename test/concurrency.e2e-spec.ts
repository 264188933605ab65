import { signedIn, type SignedIn } from './support/accounts';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';
import { until } from './support/until';

jest.setTimeout(90_000);

/**
 * Counters the API keeps, bumped by 50 requests at once, lose nothing. A database that applies
 * concurrent updates of one document as read-modify-write (FerretDB 1.24 kept 19 of 1,000 such
 * increments) fails every one of these; MongoDB and SecantusDB apply `$inc` atomically.
 */
const CALLERS = 50;

describe('50 concurrent requests on one counter', () => {
  let t: TestApp;
  let admin: SignedIn;
  let requester: SignedIn;
  let agent: SignedIn;
  let documentId: string;
  let ticketId: string;

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename));
    [admin, requester, agent] = await Promise.all([signedIn(t, 'admin'), signedIn(t, 'user'), signedIn(t, 'it_agent')]);
    documentId = (
      await t.http
        .post('/admin/documents')
        .set(admin.auth)
        .send({
          title: 'Printer jams',
          category: 'IT',
          content: '# Printer paper jam\nOpen tray 2, remove the jammed paper, close the tray and print again.',
        })
        .expect(201)
    ).body.document_id;
    ticketId = (
      await t.http
        .post('/tickets')
        .set(requester.auth)
        .send({ title: 'Printer keeps jamming', description: 'The printer on floor 3 jams on every job.' })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const document = async () =>
    (await t.http.get(`/admin/documents/${documentId}`).set(admin.auth).expect(200)).body as {
      usage_count: number;
      effectiveness_score: number;
    };
  const all = <T>(make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: CALLERS }, (_, i) => make(i)));

  it("counts every self-serve answer in its document's usage_count", async () => {
    const before = (await document()).usage_count;
    const answers = await all(() =>
      t.http.post('/ai/self-serve-query').set(requester.auth).send({ query: 'How do I fix a printer paper jam?' }),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(CALLERS).fill(200));
    for (const answer of answers)
      expect(answer.body.sources).toEqual([expect.objectContaining({ document_id: documentId })]);
    expect((await document()).usage_count).toBe(before + CALLERS);
  });

  it('counts every thumbs-up on AI replies in the effectiveness score of the document they drew on', async () => {
    const replies: string[] = [];
    for (let i = 0; i < CALLERS; i += 1) {
      replies.push(
        (
          await t.http
            .post(`/tickets/${ticketId}/messages`)
            .set(agent.auth)
            .send({ content: `Suggested fix ${i}: open tray 2.`, isAI: true, source_document_ids: [documentId] })
            .expect(201)
        ).body.id as string,
      );
    }
    const before = (await document()).effectiveness_score;
    const ratings = await all((i) =>
      t.http.put(`/tickets/${ticketId}/messages/${replies[i]}/feedback`).set(requester.auth).send({ feedback: 'up' }),
    );
    expect(ratings.map((rating) => rating.status)).toEqual(Array(CALLERS).fill(200));
    expect((await document()).effectiveness_score).toBe(before + CALLERS);
  });

  it("counts every message sent at once in the requester's unread notifications", async () => {
    // A requester of its own, so that no notification of the earlier tests can arrive late here.
    const other = await signedIn(t, 'user');
    const ticket = (
      await t.http
        .post('/tickets')
        .set(other.auth)
        .send({ title: 'Printer offline', description: 'The printer on floor 2 shows offline.' })
        .expect(201)
    ).body.id as string;
    const sent = await all((i) =>
      t.http
        .post(`/tickets/${ticket}/messages`)
        .set(agent.auth)
        .send({ content: `Update ${i}` }),
    );
    expect(sent.map((message) => message.status)).toEqual(Array(CALLERS).fill(201));
    // Notifications follow the response (domain events), so wait for them; 50 messages make at most 50.
    const unread = () =>
      t.http
        .get('/notifications/unread-count')
        .set(other.auth)
        .then((res) => res.body.unread_count as number);
    expect(await until(unread, (count) => count >= CALLERS)).toBe(CALLERS);
  });
});

import { signedIn, type SignedIn } from './support/accounts';
import { recordEvents } from './support/events';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('AI answers grounded in the knowledge base', () => {
  let t: TestApp;
  let admin: SignedIn;
  let user: SignedIn;
  let itAgent: SignedIn;
  const docs: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename), { env: { TICKETS_PER_DAY: '100' } });
    [admin, user, itAgent] = await Promise.all([signedIn(t, 'admin'), signedIn(t, 'user'), signedIn(t, 'it_agent')]);
    const add = async (key: string, body: object) =>
      (docs[key] = (await t.http.post('/admin/documents').set(admin.auth).send(body).expect(201)).body.document_id);
    await add('leave', {
      title: 'Annual leave policy',
      category: 'HR',
      content:
        '# Vacation days\nFull-time employees get 25 vacation days per year.\n## Carry-over\nUp to 5 unused days move to the next year and expire on 31 March.',
    });
    await add('training', {
      title: 'Carry over of training budget',
      category: 'HR',
      content:
        '# Carry over\nTraining budget cannot be carried over. Carry over requests for training budget are refused.',
    });
    await add('vpn', {
      title: 'VPN troubleshooting',
      category: 'IT',
      content:
        '# VPN times out\nIf the VPN client times out, restart the client and check that MFA is approved on your phone.',
    });
  });
  afterAll(() => t.close());

  const ask = (who: SignedIn, body: object) => t.http.post('/ai/self-serve-query').set(who.auth).send(body);

  describe('POST /ai/self-serve-query', () => {
    it('answers from the knowledge base with its sources and starts a session', async () => {
      const res = await ask(user, { query: 'How many vacation days do I get?' }).expect(200);
      expect(res.body).toEqual({
        answer: expect.stringContaining('25 vacation days'),
        isAI: true,
        session_id: expect.stringMatching(UUID),
        sources: [{ document_id: docs['leave'], title: 'Annual leave policy', score: expect.any(Number) }],
        provider: 'local',
      });
      expect(res.body.answer).toContain('(source: Annual leave policy');
      const stored = await t.connection.collection('knowledge_base').findOne({ document_id: docs['leave'] });
      expect(stored?.['usage_count']).toBeGreaterThanOrEqual(1);
    });

    it('answers a follow-up with the earlier question as context', async () => {
      const first = await ask(user, { query: 'How many vacation days do I get?' }).expect(200);
      const followUp = await ask(user, {
        query: 'and can I carry them over?',
        session_id: first.body.session_id,
      }).expect(200);
      expect(followUp.body.session_id).toBe(first.body.session_id);
      expect(followUp.body.sources[0].document_id).toBe(docs['leave']);
      expect(followUp.body.answer).toContain('5 unused days');
      // Asked cold, the same words point at the other document.
      const cold = await ask(user, { query: 'and can I carry them over?' }).expect(200);
      expect(cold.body.sources[0].document_id).toBe(docs['training']);
    });

    it('says it has nothing, and suggests a ticket, instead of inventing an answer', async () => {
      const res = await ask(user, { query: 'How do I book the company helicopter for a client visit?' }).expect(200);
      expect(res.body.sources).toEqual([]);
      expect(res.body.answer).toMatch(/could not find anything.*raise a ticket/s);
    });

    it('keeps the last three exchanges of a session', async () => {
      let sessionId: string | undefined;
      for (const query of ['vacation days', 'VPN times out', 'training budget', 'carry over vacation']) {
        sessionId = (await ask(user, { query, ...(sessionId ? { session_id: sessionId } : {}) }).expect(200)).body
          .session_id;
      }
      const stored = await t.connection.collection('assistant_sessions').findOne({ session_id: sessionId });
      expect((stored?.['exchanges'] as Array<{ query: string }>).map((e) => e.query)).toEqual([
        'VPN times out',
        'training budget',
        'carry over vacation',
      ]);
    });

    it("refuses bad input with 400, another user's session with 404, and anonymous callers with 401", async () => {
      for (const body of [
        {},
        { query: '' },
        { query: 'x'.repeat(501) },
        { query: 'ok', session_id: 'abc' },
        { query: { $ne: 1 } },
      ]) {
        expect((await ask(user, body).expect(400)).body.error.code).toBe('VALIDATION_ERROR');
      }
      const mine = (await ask(user, { query: 'vacation days' }).expect(200)).body.session_id;
      const someoneElse = await signedIn(t, 'user');
      await ask(someoneElse, { query: 'and more?', session_id: mine }).expect(404);
      await t.http.post('/ai/self-serve-query').send({ query: 'hi' }).expect(401);
    });

    it('serves every signed-in role', async () => {
      await ask(itAgent, { query: 'VPN times out' }).expect(200);
      await ask(admin, { query: 'VPN times out' }).expect(200);
    });
  });

  describe('POST /ai/suggest-response', () => {
    const suggest = (who: SignedIn, body: object) => t.http.post('/ai/suggest-response').set(who.auth).send(body);

    it("drafts a reply from the ticket's department knowledge, cites it, and announces it", async () => {
      const recorder = recordEvents(t);
      const ticket = (
        await t.http
          .post('/tickets')
          .set(user.auth)
          .send({ title: 'VPN times out', description: 'The VPN client times out every morning.' })
          .expect(201)
      ).body;
      const res = await suggest(itAgent, { ticket_id: ticket.ticket_id }).expect(200);
      expect(res.body).toEqual({
        suggested_response: expect.stringContaining('restart the client'),
        isAI: true,
        sources: [{ document_id: docs['vpn'], title: 'VPN troubleshooting', score: expect.any(Number) }],
        provider: 'local',
      });
      expect(recorder.named('on_ai_reply_suggested')).toEqual([
        expect.objectContaining({ agent_id: itAgent.id, source_document_ids: [docs['vpn']] }),
      ]);
    });

    it('uses the given conversation context, and asks for details when the knowledge base has nothing', async () => {
      const ticket = (
        await t.http
          .post('/tickets')
          .set(user.auth)
          .send({ title: 'Laptop issue', description: 'Something is wrong.' })
          .expect(201)
      ).body;
      const vague = await suggest(itAgent, { ticket_id: ticket.id }).expect(200);
      expect(vague.body.sources).toEqual([]);
      expect(vague.body.suggested_response).toMatch(/could you tell me/);
      const withContext = await suggest(itAgent, {
        ticket_id: ticket.id,
        conversation_context: 'My VPN client times out',
      }).expect(200);
      expect(withContext.body.sources[0].document_id).toBe(docs['vpn']);
    });

    it("is for agents of the ticket's department only", async () => {
      const ticket = (
        await t.http.post('/tickets').set(user.auth).send({ title: 'VPN times out', description: 'again' }).expect(201)
      ).body;
      const hrAgent = await signedIn(t, 'hr_agent');
      await suggest(hrAgent, { ticket_id: ticket.id }).expect(404);
      await suggest(user, { ticket_id: ticket.id }).expect(403);
      await suggest(admin, { ticket_id: ticket.id }).expect(403);
      await suggest(itAgent, { ticket_id: 'TKT-1700000000000-ZZZZZZ' }).expect(404);
      await suggest(itAgent, { ticket_id: 'nope' }).expect(400);
      await suggest(itAgent, { ticket_id: ticket.id, conversation_context: 'x'.repeat(4001) }).expect(400);
      await t.http.post('/ai/suggest-response').send({ ticket_id: ticket.id }).expect(401);
    });
  });

  describe('effectiveness of knowledge-base documents', () => {
    it('moves with feedback on the AI replies that drew on them', async () => {
      const ticket = (
        await t.http
          .post('/tickets')
          .set(user.auth)
          .send({ title: 'VPN times out', description: 'The VPN client times out.' })
          .expect(201)
      ).body;
      const suggestion = (
        await t.http.post('/ai/suggest-response').set(itAgent.auth).send({ ticket_id: ticket.id }).expect(200)
      ).body;
      const sources = suggestion.sources.map((source: { document_id: string }) => source.document_id);
      expect(sources).toEqual([docs['vpn']]);
      const sent = await t.http
        .post(`/tickets/${ticket.id}/messages`)
        .set(itAgent.auth)
        .send({ content: suggestion.suggested_response, isAI: true, source_document_ids: sources })
        .expect(201);
      expect(sent.body.source_document_ids).toEqual(sources);

      const score = async () =>
        (await t.connection.collection('knowledge_base').findOne({ document_id: docs['vpn'] }))?.[
          'effectiveness_score'
        ];
      const rate = (feedback: string) =>
        t.http
          .put(`/tickets/${ticket.id}/messages/${sent.body.id}/feedback`)
          .set(user.auth)
          .send({ feedback })
          .expect(200);
      const start = (await score()) as number;
      await rate('up');
      expect(await score()).toBe(start + 1);
      await rate('up'); // the same vote again changes nothing
      expect(await score()).toBe(start + 1);
      await rate('down');
      expect(await score()).toBe(start - 1);
      await rate('none');
      expect(await score()).toBe(start);
    });

    it('takes sources only with AI-drafted replies, from agents', async () => {
      const ticket = (
        await t.http.post('/tickets').set(user.auth).send({ title: 'VPN times out', description: 'again' }).expect(201)
      ).body;
      const post = (who: SignedIn, body: object) =>
        t.http.post(`/tickets/${ticket.id}/messages`).set(who.auth).send(body);
      await post(itAgent, { content: 'plain', source_document_ids: [docs['vpn']] }).expect(400);
      await post(itAgent, { content: 'ai', isAI: true, source_document_ids: ['not-a-document'] }).expect(400);
      await post(user, { content: 'me', isAI: true, source_document_ids: [docs['vpn']] }).expect(403);
    });
  });
});

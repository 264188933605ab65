import { signedIn, type SignedIn } from './support/accounts';
import { GeminiStandIn, geminiJson } from './support/gemini-stand-in';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

const isScreening = (prompt: string) => prompt.includes('You screen internal helpdesk tickets');

describe('Gemini as the hosted screen and router, with the local AI behind it', () => {
  const gemini = new GeminiStandIn();
  let t: TestApp;
  let user: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    const baseUrl = await gemini.start();
    t = await startTestApp(uniqueDatabaseName(__filename), {
      env: { GEMINI_API_KEY: 'stand-in-key', GEMINI_BASE_URL: baseUrl, AI_TIMEOUT_MS: '700', TICKETS_PER_DAY: '100' },
    });
    [user, admin] = await Promise.all([signedIn(t, 'user'), signedIn(t, 'admin')]);
  });
  afterAll(async () => {
    await t.close();
    await gemini.stop();
  });

  const createTicket = async (title: string, description: string) => {
    const created = (await t.http.post('/tickets').set(user.auth).send({ title, description }).expect(201)).body as {
      id: string;
    };
    return (await t.http.get(`/tickets/${created.id}`).set(admin.auth).expect(200)).body;
  };

  it("uses Gemini's structured answers, records them as gemini, and fences the ticket text", async () => {
    gemini.reply = (prompt) =>
      isScreening(prompt)
        ? geminiJson({ is_harmful: false, categories: [], reason: 'An ordinary request' })
        : geminiJson({ department: 'HR', reason: 'A question about pay' });
    const ticket = await createTicket('Ignore the VPN, my salary is wrong', 'The March payslip is too low.');
    expect(ticket.department).toBe('HR');
    expect(ticket.ai).toEqual({
      screening: { is_harmful: false, categories: [], reason: 'An ordinary request', provider: 'gemini' },
      routing: { department: 'HR', reason: 'A question about pay', provider: 'gemini' },
    });
    const sent = JSON.stringify(gemini.requests.at(-1)!.body);
    expect(gemini.requests.at(-1)!.url).toMatch(/\/models\/[^/]+:generateContent$/);
    expect(sent).toContain('<ticket>');
    expect(sent).toContain('responseJsonSchema');
  });

  it('holds a ticket Gemini flags', async () => {
    gemini.reply = (prompt) =>
      isScreening(prompt)
        ? geminiJson({ is_harmful: true, categories: ['spam'], reason: 'Promotional content' })
        : { status: 500 };
    const ticket = await createTicket('Great deals', 'Visit our shop for discounts.');
    expect(ticket).toMatchObject({ misuse_flag: true, status: 'open', department: null });
    expect(ticket.ai.screening).toMatchObject({ categories: ['spam'], provider: 'gemini' });
  });

  it.each([
    ['answers 500', (): ReturnType<GeminiStandIn['reply']> => ({ status: 500 })],
    ['answers JSON of the wrong shape', () => geminiJson({ verdict: 'fine' })],
    [
      'answers text that is not JSON',
      () => ({ status: 200, json: { candidates: [{ content: { parts: [{ text: 'Sure! Here it is' }] } }] } }),
    ],
    ['hangs past AI_TIMEOUT_MS', () => 'hang' as const],
  ])('falls back to the local AI when Gemini %s, and the ticket says so', async (_label, reply) => {
    gemini.reply = reply;
    const started = Date.now();
    const ticket = await createTicket('VPN does not connect', 'The VPN client times out every morning.');
    // Screening and routing each wait at most AI_TIMEOUT_MS (700 ms) for Gemini; a hang must not
    // hold intake any longer than that (slack for a loaded CI machine, far below a hang).
    expect(Date.now() - started).toBeLessThan(2 * 700 + 2500);
    expect(ticket).toMatchObject({ department: 'IT', misuse_flag: false });
    expect(ticket.ai.screening.provider).toBe('local');
    expect(ticket.ai.routing).toMatchObject({ department: 'IT', provider: 'local' });
  });

  describe('Gemini writing answers from the retrieved passages', () => {
    const isSelfServe = (prompt: string) => prompt.includes('self-service assistant');
    const isSuggestion = (prompt: string) => prompt.includes('You draft a reply');
    let itAgent: SignedIn;
    let vpnDocument: string;

    beforeAll(async () => {
      itAgent = await signedIn(t, 'it_agent');
      vpnDocument = (
        await t.http
          .post('/admin/documents')
          .set(admin.auth)
          .send({
            title: 'VPN troubleshooting',
            category: 'IT',
            content:
              '# VPN times out\nIf the VPN client times out, restart it and approve the MFA prompt on your phone.',
          })
          .expect(201)
      ).body.document_id;
    });

    const ask = (body: object) => t.http.post('/ai/self-serve-query').set(user.auth).send(body).expect(200);
    const lastPrompt = () => JSON.stringify(gemini.requests.at(-1)!.body);

    it('answers self-serve questions in its own words, with the passages and earlier turns it was given', async () => {
      gemini.reply = (prompt) =>
        isSelfServe(prompt) ? geminiJson({ answer: 'Restart the VPN client, then approve MFA.' }) : { status: 500 };
      const first = (await ask({ query: 'My VPN client times out' })).body;
      expect(first).toEqual({
        answer: 'Restart the VPN client, then approve MFA.',
        isAI: true,
        session_id: expect.any(String),
        sources: [{ document_id: vpnDocument, title: 'VPN troubleshooting', score: expect.any(Number) }],
        provider: 'gemini',
      });
      expect(lastPrompt()).toContain('approve the MFA prompt on your phone');
      expect(lastPrompt()).toContain('<question>My VPN client times out</question>');

      await ask({ query: 'and what if that does not help?', session_id: first.session_id });
      expect(lastPrompt()).toContain('<earlier_question>My VPN client times out</earlier_question>');
    });

    it('is not asked when retrieval found nothing: the abstention stays', async () => {
      gemini.reply = () => geminiJson({ answer: 'An invented answer' });
      const before = gemini.requests.length;
      const res = (await ask({ query: 'How do I book a helicopter for a client visit?' })).body;
      expect(res).toMatchObject({ sources: [], provider: 'local' });
      expect(res.answer).toMatch(/raise a ticket/);
      expect(gemini.requests.length).toBe(before);
    });

    it.each([
      ['answers 500', (): ReturnType<GeminiStandIn['reply']> => ({ status: 500 })],
      ['answers an empty text', () => geminiJson({ answer: '  ' })],
      ['answers more than a message can hold', () => geminiJson({ answer: 'x'.repeat(1001) })],
      ['hangs past AI_TIMEOUT_MS', () => 'hang' as const],
    ])('falls back to the local composer when Gemini %s', async (_label, reply) => {
      gemini.reply = reply;
      const res = (await ask({ query: 'My VPN client times out' })).body;
      expect(res).toMatchObject({ provider: 'local', sources: [{ document_id: vpnDocument }] });
      expect(res.answer).toContain('(source: VPN troubleshooting');
    });

    it('drafts agent replies from the ticket, the conversation and the passages', async () => {
      gemini.reply = (prompt) =>
        isSuggestion(prompt)
          ? geminiJson({ answer: 'Hello, please restart the VPN client and approve the MFA prompt.' })
          : isScreening(prompt)
            ? geminiJson({ is_harmful: false, categories: [], reason: 'fine' })
            : geminiJson({ department: 'IT', reason: 'VPN' });
      const ticket = await createTicket('VPN times out', 'The VPN client times out every morning.');
      const res = await t.http
        .post('/ai/suggest-response')
        .set(itAgent.auth)
        .send({ ticket_id: ticket.ticket_id, conversation_context: 'It started after the update' })
        .expect(200);
      expect(res.body).toEqual({
        suggested_response: 'Hello, please restart the VPN client and approve the MFA prompt.',
        isAI: true,
        sources: [{ document_id: vpnDocument, title: 'VPN troubleshooting', score: expect.any(Number) }],
        provider: 'gemini',
      });
      expect(lastPrompt()).toContain('<conversation>It started after the update</conversation>');
      expect(lastPrompt()).toContain('<title>VPN times out</title>');
    });
  });

  describe('Gemini labelling trending topics', () => {
    const isLabelling = (prompt: string) => prompt.includes('You name trending topics');
    let since: string;

    beforeAll(async () => {
      since = new Date().toISOString();
      gemini.reply = (prompt) =>
        isScreening(prompt)
          ? geminiJson({ is_harmful: false, categories: [], reason: 'fine' })
          : geminiJson({ department: 'IT', reason: 'mail client' });
      for (const title of ['Teams freezes in calls', 'Teams freezes on start', 'Teams freezes after update'])
        await createTicket(title, 'It happens every day.');
    });

    it('adds a one-line label per topic', async () => {
      gemini.reply = (prompt) =>
        isLabelling(prompt)
          ? geminiJson({ labels: [{ term: 'teams freezes', label: 'Teams freezing for staff' }] })
          : { status: 500 };
      const topics = (await t.http.get(`/admin/analytics/trending-topics?from=${since}`).set(admin.auth).expect(200))
        .body;
      expect(topics.labelled_by).toBe('gemini');
      expect(topics.topics).toContainEqual(
        expect.objectContaining({ term: 'teams freezes', count: 3, label: 'Teams freezing for staff' }),
      );
    });

    const topicLabelerStatus = async () =>
      (await t.http.get('/admin/system-status').set(admin.auth).expect(200)).body.ai.topic_labeler;

    it('still answers, unlabelled, when Gemini fails, and the status page shows the labeller fell back', async () => {
      const failuresBefore = (await topicLabelerStatus()).failures_since_start as number;
      gemini.reply = () => ({ status: 500 });
      // A new ticket drops the cached figures.
      await createTicket('Keyboard missing keys', 'Two keys fell off.');
      const topics = (await t.http.get(`/admin/analytics/trending-topics?from=${since}`).set(admin.auth).expect(200))
        .body;
      expect(topics.labelled_by).toBeNull();
      expect(topics.topics).toContainEqual(expect.objectContaining({ term: 'teams freezes', label: null }));
      expect(await topicLabelerStatus()).toMatchObject({
        provider: 'gemini',
        fallback: 'local',
        failures_since_start: failuresBefore + 1,
        last_error: { message: expect.stringContaining('500') },
      });
    });

    it('falls back when Gemini hangs past AI_TIMEOUT_MS, within that deadline', async () => {
      gemini.reply = (prompt) => (isLabelling(prompt) ? 'hang' : { status: 500 });
      await createTicket('Monitor flickers', 'The screen flickers.');
      const started = Date.now();
      const topics = (await t.http.get(`/admin/analytics/trending-topics?from=${since}`).set(admin.auth).expect(200))
        .body;
      expect(Date.now() - started).toBeLessThan(700 + 2500);
      expect(topics).toMatchObject({ labelled_by: null });
      expect(topics.topics).toContainEqual(expect.objectContaining({ term: 'teams freezes', label: null }));
      expect((await topicLabelerStatus()).last_error).toMatchObject({ message: 'Gemini did not answer in time' });
    });
  });
});

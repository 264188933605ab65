import { MessagesRepository } from '../src/messages/messages.repository';
import { signedIn, type SignedIn } from './support/accounts';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

interface Message {
  id: string;
  sender_id: string;
  content: string;
  timestamp: string;
}

interface Page {
  messages: Message[];
  total_count: number;
  pagination: { page: number; limit: number; total_pages: number; has_next: boolean; has_prev: boolean };
}

/** Stored before the API's own messages: more than the 500 the ticket view used to stop at. */
const STORED = 600;
/** The requester's latest turns, sent through the API: the ones a suggestion must answer. */
const LATEST_FROM_REQUESTER = [
  'Now the VPN client times out from home.',
  'The VPN client still times out.',
  'VPN times out again from home.',
  'VPN client times out.',
  'VPN times out from home again.',
];

describe('a ticket with a long conversation', () => {
  let t: TestApp;
  let admin: SignedIn;
  let requester: SignedIn;
  let itAgent: SignedIn;
  let ticket: { id: string; ticket_id: string };
  /** Every message of the ticket, oldest first, as stored. */
  const conversation: Message[] = [];

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename), { env: { TICKETS_PER_DAY: '100' } });
    // The only IT agent: the ticket is assigned to it, and it may ask for suggestions.
    [admin, requester, itAgent] = await Promise.all([
      signedIn(t, 'admin'),
      signedIn(t, 'user'),
      signedIn(t, 'it_agent'),
    ]);
    await t.http
      .post('/admin/documents')
      .set(admin.auth)
      .send({
        title: 'Printers',
        category: 'IT',
        content: '# Paper jam\nOpen tray 2, remove the jammed paper and close the printer tray again.',
      })
      .expect(201);
    await t.http
      .post('/admin/documents')
      .set(admin.auth)
      .send({
        title: 'Connecting to the VPN',
        category: 'IT',
        content: '# VPN times out\nIf the VPN client times out from home, reinstall the VPN client and approve MFA.',
      })
      .expect(201);
    ticket = (
      await t.http
        .post('/tickets')
        .set(requester.auth)
        .send({ title: 'Laptop problems', description: 'Several things are wrong with my work laptop.' })
        .expect(201)
    ).body;

    // The early conversation, stored through the app's own repository (600 HTTP round trips
    // would only slow the spec): the requester writes about a paper jam, the agent answers.
    const repository = t.app.get(MessagesRepository);
    const start = Date.now() - 3_600_000;
    const early = await Promise.all(
      Array.from({ length: STORED }, (_, i) => {
        const fromRequester = i % 2 === 0;
        return repository.create(
          {
            ticket_id: ticket.id,
            sender_id: fromRequester ? requester.id : itAgent.id,
            sender_role: fromRequester ? 'user' : 'it_agent',
            message_type: fromRequester ? 'user_message' : 'agent_message',
            content: fromRequester
              ? `Printer paper jam again in tray 2 (${i})`
              : `Please open tray 2 and remove the paper (${i})`,
            isAI: false,
            source_document_ids: [],
          },
          new Date(start + i * 1000),
        );
      }),
    );
    conversation.push(...early.map((m) => ({ ...m, timestamp: m.timestamp.toISOString() })));
    for (const content of LATEST_FROM_REQUESTER) {
      const sent = await t.http
        .post(`/tickets/${ticket.id}/messages`)
        .set(requester.auth)
        .send({ content })
        .expect(201);
      conversation.push(sent.body as Message);
      const answer = await t.http
        .post(`/tickets/${ticket.id}/messages`)
        .set(itAgent.auth)
        .send({ content: 'Thanks, looking into it.' })
        .expect(201);
      conversation.push(answer.body as Message);
    }
  });
  afterAll(() => t.close());

  const total = STORED + 2 * LATEST_FROM_REQUESTER.length;

  it('answers GET /tickets/{id} with the newest 100 messages, oldest first, and says how many there are', async () => {
    const view = (await t.http.get(`/tickets/${ticket.ticket_id}`).set(requester.auth).expect(200)).body as {
      messages: Message[];
      message_count: number;
      has_earlier_messages: boolean;
    };
    expect(view.message_count).toBe(total);
    expect(view.has_earlier_messages).toBe(true);
    expect(view.messages.map((m) => m.id)).toEqual(conversation.slice(-100).map((m) => m.id));
    expect(view.messages.at(-1)!.content).toBe('Thanks, looking into it.');
    expect(view.messages.at(-2)!.content).toBe(LATEST_FROM_REQUESTER.at(-1));
  });

  it('embeds the whole conversation of a short ticket', async () => {
    const short = (
      await t.http
        .post('/tickets')
        .set(requester.auth)
        .send({ title: 'Mouse broken', description: 'The left button of my mouse does not click.' })
        .expect(201)
    ).body as { id: string };
    const sent = await t.http
      .post(`/tickets/${short.id}/messages`)
      .set(requester.auth)
      .send({ content: 'It is the wireless one.' })
      .expect(201);
    const view = (await t.http.get(`/tickets/${short.id}`).set(itAgent.auth).expect(200)).body;
    expect(view).toMatchObject({ message_count: 1, has_earlier_messages: false });
    expect(view.messages.map((m: Message) => m.id)).toEqual([sent.body.id]);
  });

  it('lets clients page every message, oldest first', async () => {
    const seen: string[] = [];
    for (let page = 1; ; page += 1) {
      const res = (
        await t.http.get(`/tickets/${ticket.id}/messages?limit=100&page=${page}`).set(requester.auth).expect(200)
      ).body as Page;
      expect(res.total_count).toBe(total);
      seen.push(...res.messages.map((m) => m.id));
      if (!res.pagination.has_next) break;
    }
    expect(seen).toEqual(conversation.map((m) => m.id));
  });

  it('lets a client scroll back from what the ticket view embedded, with `before`', async () => {
    const view = (await t.http.get(`/tickets/${ticket.id}`).set(itAgent.auth).expect(200)).body as {
      messages: Message[];
    };
    const seen = view.messages.map((m) => m.id);
    let oldest = view.messages[0]!.id;
    for (let round = 0; round < 20; round += 1) {
      const res = (
        await t.http.get(`/tickets/${ticket.id}/messages?before=${oldest}&limit=100`).set(itAgent.auth).expect(200)
      ).body as Page;
      // total_count: what lies before the cursor; page 1 is the stretch right before it.
      expect(res.total_count).toBe(total - seen.length);
      expect(res.pagination).toMatchObject({ page: 1, has_prev: false, has_next: res.total_count > 100 });
      seen.unshift(...res.messages.map((m) => m.id));
      if (!res.pagination.has_next) break;
      oldest = res.messages[0]!.id;
    }
    expect(seen).toEqual(conversation.map((m) => m.id));

    // page 2 before a cursor is the stretch before page 1, still oldest first.
    const cursor = conversation.at(-1)!.id;
    const second = (
      await t.http.get(`/tickets/${ticket.id}/messages?before=${cursor}&limit=10&page=2`).set(itAgent.auth).expect(200)
    ).body as Page;
    expect(second.messages.map((m) => m.id)).toEqual(conversation.slice(-21, -11).map((m) => m.id));
    expect(second.pagination).toMatchObject({ page: 2, has_prev: true, has_next: true });

    // A timestamp works as a cursor too: strictly earlier messages.
    const at = conversation[5]!.timestamp;
    const earlier = (
      await t.http
        .get(`/tickets/${ticket.id}/messages?before=${encodeURIComponent(at)}&limit=100`)
        .set(itAgent.auth)
        .expect(200)
    ).body as Page;
    expect(earlier.messages.map((m) => m.id)).toEqual(conversation.slice(0, 5).map((m) => m.id));
  });

  it('reads the messages between `after` and `before`, oldest first, paged forwards', async () => {
    const between = (
      await t.http
        .get(`/tickets/${ticket.id}/messages?after=${conversation[2]!.id}&before=${conversation[10]!.id}&limit=5`)
        .set(itAgent.auth)
        .expect(200)
    ).body as Page;
    expect(between.messages.map((m) => m.id)).toEqual(conversation.slice(3, 8).map((m) => m.id));
    expect(between.total_count).toBe(7);
    const rest = (
      await t.http
        .get(
          `/tickets/${ticket.id}/messages?after=${conversation[2]!.id}&before=${conversation[10]!.id}&limit=5&page=2`,
        )
        .set(itAgent.auth)
        .expect(200)
    ).body as Page;
    expect(rest.messages.map((m) => m.id)).toEqual(conversation.slice(8, 10).map((m) => m.id));
    const crossed = await t.http
      .get(`/tickets/${ticket.id}/messages?after=${conversation[10]!.id}&before=${conversation[2]!.id}`)
      .set(itAgent.auth)
      .expect(200);
    expect(crossed.body).toMatchObject({ messages: [], total_count: 0 });
    const missingAfter = await t.http
      .get(`/tickets/${ticket.id}/messages?after=665f1c2e8b3f4a0012345678&before=${conversation[10]!.id}`)
      .set(itAgent.auth)
      .expect(404);
    expect(missingAfter.body.error.message).toContain('`after`');
  });

  it('refuses an unknown message or a malformed value as a cursor, in the error envelope', async () => {
    const unknown = await t.http
      .get(`/tickets/${ticket.id}/messages?before=665f1c2e8b3f4a0012345678`)
      .set(itAgent.auth)
      .expect(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const malformed = await t.http.get(`/tickets/${ticket.id}/messages?before=yesterday`).set(itAgent.auth).expect(400);
    expect(malformed.body.error.code).toBe('VALIDATION_ERROR');
  });

  it("drafts a suggestion from the requester's newest messages, not the oldest", async () => {
    const res = await t.http.post('/ai/suggest-response').set(itAgent.auth).send({ ticket_id: ticket.id }).expect(200);
    expect(res.body.sources.map((s: { title: string }) => s.title)).toEqual(['Connecting to the VPN']);
    expect(res.body.suggested_response).toContain('reinstall the VPN client');
    expect(res.body.suggested_response).not.toMatch(/tray 2/);
  });
});

import { signedIn, type SignedIn } from './support/accounts';
import { ack, collect, connectTo, nextEvent, type ClientSocket } from './support/sockets';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';
import { until } from './support/until';

jest.setTimeout(60_000);

interface ErrorBody {
  code: string;
  message: string;
  details: unknown;
  context: { user_id: string | null; endpoint: string; method: string };
}
interface StoredMessage {
  id: string;
  ticket_id: string;
  sender_id: string;
  content: string;
  isAI: boolean;
  source_document_ids: string[];
  [field: string]: unknown;
}
type SendAck = { message: StoredMessage } | { error: ErrorBody };
type JoinAck = { ok: true; ticket_id: string } | { error: ErrorBody };

/**
 * SPEC §7: a message sent over Socket.IO is saved exactly as POST /tickets/{id}/messages saves
 * it. So the socket payload takes the same fields, refuses the same bodies with the same code and
 * details, and addresses tickets by the same ids.
 */
describe('send_message over Socket.IO and POST /tickets/{id}/messages take the same message', () => {
  let t: TestApp;
  let admin: SignedIn;
  let owner: SignedIn;
  let itAgent: SignedIn;
  let vpnDocument: string;
  let printerDocument: string;
  const sockets: ClientSocket[] = [];
  const open = async (who: SignedIn) => {
    const socket = await connectTo(t, who.accessToken);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename), { env: { TICKETS_PER_DAY: '100' } });
    [admin, owner, itAgent] = await Promise.all([signedIn(t, 'admin'), signedIn(t, 'user'), signedIn(t, 'it_agent')]);
    const addDocument = async (body: object) =>
      (await t.http.post('/admin/documents').set(admin.auth).send(body).expect(201)).body.document_id as string;
    vpnDocument = await addDocument({
      title: 'VPN troubleshooting',
      category: 'IT',
      content: '# VPN times out\nIf the VPN client times out, restart the client and approve MFA on your phone.',
    });
    printerDocument = await addDocument({
      title: 'Printer jams',
      category: 'IT',
      content: '# Paper jam\nOpen tray 2 and remove the jammed sheet.',
    });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(() => t.close());

  const newTicket = async () =>
    (
      await t.http
        .post('/tickets')
        .set(owner.auth)
        .send({ title: 'VPN times out', description: 'The VPN client times out every morning.' })
        .expect(201)
    ).body as { id: string; ticket_id: string };
  const conversation = async (ticketId: string) =>
    (await t.http.get(`/tickets/${ticketId}/messages`).set(owner.auth).expect(200)).body.messages as StoredMessage[];
  const effectiveness = async (documentId: string) =>
    (await t.connection.collection('knowledge_base').findOne({ document_id: documentId }))?.[
      'effectiveness_score'
    ] as number;

  it("keeps an AI draft's sources, broadcasts them, and lets the requester's rating move those documents", async () => {
    const ticket = await newTicket();
    const suggestion = (
      await t.http.post('/ai/suggest-response').set(itAgent.auth).send({ ticket_id: ticket.id }).expect(200)
    ).body as { suggested_response: string; sources: Array<{ document_id: string }> };
    const sources = suggestion.sources.map((source) => source.document_id);
    expect(sources).toEqual([vpnDocument]);

    const [ownerSocket, agentSocket] = await Promise.all([open(owner), open(itAgent)]);
    await ack(ownerSocket, 'join_ticket', { ticket_id: ticket.id });
    const broadcast = nextEvent<{ ticket_id: string; message: StoredMessage }>(ownerSocket, 'new_message_in_ticket');
    const sent = await ack<SendAck>(agentSocket, 'send_message', {
      ticket_id: ticket.id,
      content: suggestion.suggested_response,
      isAI: true,
      source_document_ids: sources,
    });
    if (!('message' in sent)) throw new Error(`send_message refused: ${JSON.stringify(sent)}`);
    expect(sent.message).toMatchObject({ isAI: true, source_document_ids: sources, sender_id: itAgent.id });
    expect((await broadcast).message).toEqual(sent.message);
    expect(await conversation(ticket.id)).toEqual([sent.message]);

    const before = await effectiveness(vpnDocument);
    await t.http
      .put(`/tickets/${ticket.id}/messages/${sent.message.id}/feedback`)
      .set(owner.auth)
      .send({ feedback: 'up' })
      .expect(200);
    expect(await effectiveness(vpnDocument)).toBe(before + 1);
  });

  it('stores the same message from the same body over either transport', async () => {
    const ticket = await newTicket();
    const body = {
      content: '  Restart the VPN client, then clear the paper jam.  ',
      isAI: true,
      // Repeated ids are kept once, over both.
      source_document_ids: [vpnDocument, printerDocument, vpnDocument],
    };
    const viaRest = (await t.http.post(`/tickets/${ticket.id}/messages`).set(itAgent.auth).send(body).expect(201))
      .body as StoredMessage;
    const viaSocket = await ack<SendAck>(await open(itAgent), 'send_message', { ticket_id: ticket.id, ...body });
    if (!('message' in viaSocket)) throw new Error(`send_message refused: ${JSON.stringify(viaSocket)}`);

    const sameFields = ({ id: _id, timestamp: _timestamp, ...rest }: StoredMessage) => rest;
    expect(sameFields(viaSocket.message)).toEqual(sameFields(viaRest));
    expect(viaRest).toMatchObject({
      content: 'Restart the VPN client, then clear the paper jam.',
      source_document_ids: [vpnDocument, printerDocument],
    });
  });

  describe('refuses what REST refuses, with the same code and details, and stores nothing', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `KB-1700000000000-ABC${String(i).padStart(3, '0')}`);
    // [case, who sends, body]: every refusal of the message body that the REST spec covers.
    const refusals: Array<[string, 'owner' | 'itAgent', () => Record<string, unknown>]> = [
      ['sources without isAI', 'itAgent', () => ({ content: 'plain', source_document_ids: [vpnDocument] })],
      [
        'sources with isAI: false',
        'itAgent',
        () => ({ content: 'plain', isAI: false, source_document_ids: [vpnDocument] }),
      ],
      ['a source that is no document id', 'itAgent', () => ({ content: 'ai', isAI: true, source_document_ids: ['x'] })],
      ['more than ten sources', 'itAgent', () => ({ content: 'ai', isAI: true, source_document_ids: ids(11) })],
      [
        'sources that are not a list',
        'itAgent',
        () => ({ content: 'ai', isAI: true, source_document_ids: vpnDocument }),
      ],
      ['null sources', 'itAgent', () => ({ content: 'ai', isAI: true, source_document_ids: null })],
      [
        'a requester sending sources',
        'owner',
        () => ({ content: 'me', isAI: true, source_document_ids: [vpnDocument] }),
      ],
      ['a requester claiming isAI', 'owner', () => ({ content: 'me', isAI: true })],
      ['a non-boolean isAI', 'itAgent', () => ({ content: 'x', isAI: 'yes' })],
      ['an empty content', 'itAgent', () => ({ content: '   ' })],
      ['a 1001-character content', 'itAgent', () => ({ content: 'x'.repeat(1001) })],
      ['an operator object as content', 'itAgent', () => ({ content: { $gt: '' } })],
    ];

    it.each(refusals)('%s', async (_case, sender, body) => {
      const who = sender === 'owner' ? owner : itAgent;
      const ticket = await newTicket();
      const ownerSocket = await open(owner);
      await ack(ownerSocket, 'join_ticket', { ticket_id: ticket.id });
      const broadcasts = collect<{ message: StoredMessage }>(ownerSocket, 'new_message_in_ticket');

      const rest = await t.http.post(`/tickets/${ticket.id}/messages`).set(who.auth).send(body());
      expect(rest.status).toBeGreaterThanOrEqual(400);
      const overSocket = await ack<SendAck>(await open(who), 'send_message', { ticket_id: ticket.id, ...body() });
      if (!('error' in overSocket)) throw new Error(`send_message accepted: ${JSON.stringify(overSocket)}`);

      const restError = (rest.body as { error: ErrorBody }).error;
      expect({ code: overSocket.error.code, details: overSocket.error.details }).toEqual({
        code: restError.code,
        details: restError.details,
      });
      expect(overSocket.error.context).toEqual({ user_id: who.id, endpoint: 'send_message', method: 'WS' });

      // Barrier: a message accepted afterwards is the first and only thing stored or broadcast.
      const sentinel = await ack<SendAck>(await open(itAgent), 'send_message', {
        ticket_id: ticket.id,
        content: 'sentinel',
      });
      if (!('message' in sentinel)) throw new Error(`sentinel refused: ${JSON.stringify(sentinel)}`);
      await until(
        () => broadcasts.length,
        (count) => count > 0,
      );
      expect(broadcasts.map((b) => b.message.content)).toEqual(['sentinel']);
      expect((await conversation(ticket.id)).map((m) => m.content)).toEqual(['sentinel']);
    });
  });

  describe('one ticket-id rule for REST and sockets', () => {
    it('takes the ObjectId in either case and the TKT id everywhere a ticket is named', async () => {
      const ticket = await newTicket();
      const ownerSocket = await open(owner);
      const agentSocket = await open(itAgent);
      for (const id of [ticket.id, ticket.id.toUpperCase(), ticket.ticket_id]) {
        await t.http.get(`/tickets/${id}`).set(owner.auth).expect(200);
        expect(await ack<JoinAck>(ownerSocket, 'join_ticket', { ticket_id: id })).toEqual({
          ok: true,
          ticket_id: ticket.id,
        });
        const sent = await ack<SendAck>(agentSocket, 'send_message', { ticket_id: id, content: `to ${id}` });
        expect(sent).toEqual({ message: expect.objectContaining({ ticket_id: ticket.id, content: `to ${id}` }) });
        await t.http.post('/ai/suggest-response').set(itAgent.auth).send({ ticket_id: id }).expect(200);
      }
    });

    it('refuses the same malformed ids with 400 over both, and answers an unknown one with 404 over both', async () => {
      const ticket = await newTicket();
      const cases: Array<[string, number, string]> = [
        [ticket.ticket_id.toLowerCase(), 400, 'VALIDATION_ERROR'],
        [ticket.id.slice(1), 400, 'VALIDATION_ERROR'],
        [`${ticket.id}0`, 400, 'VALIDATION_ERROR'],
        ['g'.repeat(24), 400, 'VALIDATION_ERROR'],
        [`TKT-${Date.now()}-abcdef`, 400, 'VALIDATION_ERROR'],
        ['0123456789ABCDEF01234567', 404, 'NOT_FOUND'],
        [`TKT-${Date.now()}-ZZZZZZ`, 404, 'NOT_FOUND'],
      ];
      const ownerSocket = await open(owner);
      for (const [id, status, code] of cases) {
        const rest = await t.http.get(`/tickets/${encodeURIComponent(id)}`).set(owner.auth);
        expect([id, rest.status, (rest.body as { error: ErrorBody }).error.code]).toEqual([id, status, code]);
        const joined = await ack<JoinAck>(ownerSocket, 'join_ticket', { ticket_id: id });
        expect([id, 'error' in joined ? joined.error.code : 'ok']).toEqual([id, code]);
      }
    });
  });
});

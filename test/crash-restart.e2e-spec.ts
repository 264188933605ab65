import { randomUUID } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import request from 'supertest';
import { spawnApp, type AppProcess } from './support/app-process';
import { ack, connectSocket, type ClientSocket } from './support/sockets';
import { baseTestEnv, uniqueDatabaseName } from './support/test-env';
import { until } from './support/until';
import { WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(120_000);

/**
 * The API is killed with SIGKILL while tickets arrive over REST and chat messages over REST and
 * Socket.IO, at whatever point each request had reached, and restarted. Every acknowledged ticket
 * and message must be stored, and its webhook must reach the receiver afterwards (at-least-once),
 * under one delivery id per event.
 */
describe('kill -9 during ticket intake and chat, then restart', () => {
  const receiver = new WebhookReceiver();
  const databaseName = uniqueDatabaseName(__filename);
  const env = {
    ...baseTestEnv(databaseName),
    LOG_LEVEL: 'info',
    PORT: '0',
    HOST: '127.0.0.1',
    TICKETS_PER_DAY: '1000',
    WEBHOOK_RETRY_BASE_MS: '50',
    BOOTSTRAP_ADMIN_USERNAME: 'crash-admin',
    BOOTSTRAP_ADMIN_PASSWORD: 'crash-admin-password',
  };
  const database = mongoose.createConnection(process.env['MONGODB_URI']!, { dbName: databaseName });
  let running: AppProcess | undefined;

  afterAll(async () => {
    running?.child.kill('SIGKILL');
    await receiver.stop();
    await database.dropDatabase();
    await database.close();
  });

  async function start(): Promise<{ http: request.Agent; url: string }> {
    running = spawnApp(env);
    const started = await running.waitForEvent('server_started', 60_000);
    const url = `http://127.0.0.1:${(started['data'] as { port: number }).port}`;
    return { http: request.agent(url), url };
  }

  const bearer = async (http: request.Agent, username: string, password: string) => ({
    Authorization: `Bearer ${(await http.post('/auth/login').send({ username, password }).expect(200)).body.access_token}`,
  });

  it('keeps every acknowledged ticket and message, and delivers their webhooks and the one a crash left unrelayed', async () => {
    const url = await receiver.start();
    const firstRun = await start();
    let http = firstRun.http;
    const admin = await bearer(http, 'crash-admin', 'crash-admin-password');
    await http
      .post('/users')
      .set(admin)
      .send({ username: 'crash-user', email: 'crash-user@test.local', password: 'crash-user-password', role: 'user' })
      .expect(201);
    const user = await bearer(http, 'crash-user', 'crash-user-password');
    await http
      .post('/admin/webhooks')
      .set(admin)
      .send({ url, events: ['on_ticket_created', 'on_message_sent'] })
      .expect(201);
    const first = (
      await http.post('/tickets').set(user).send({ title: 'First', description: 'Before the load.' }).expect(201)
    ).body as { id: string; ticket_id: string };

    const sockets: ClientSocket[] = await Promise.all(
      [0, 1, 2].map(() => connectSocket(firstRun.url, user.Authorization.slice('Bearer '.length))),
    );

    // Load over REST and sockets, and SIGKILL once a third of it is acknowledged: the rest is cut
    // off mid-flight.
    const ackedTickets: string[] = [first.ticket_id];
    const warmUp = await ack<{ message: { id: string } }>(sockets[0]!, 'send_message', {
      ticket_id: first.id,
      content: 'Over the socket, before the load',
    });
    const ackedMessages: string[] = [warmUp.message.id];
    const total = 45;
    let acknowledged = 0;
    const killed = new Promise<void>((resolve) => {
      const acknowledge = (list: string[], id: string) => {
        list.push(id);
        acknowledged += 1;
        if (acknowledged === Math.floor(total / 3)) {
          running!.child.kill('SIGKILL');
          resolve();
        }
      };
      for (let i = 0; i < total; i += 1) {
        const kind = i % 3;
        if (kind === 0)
          http
            .post('/tickets')
            .set(user)
            .send({ title: `Load ${i}`, description: 'Printer jams on floor 3.' })
            .then(
              (res) => res.status === 201 && acknowledge(ackedTickets, res.body.ticket_id),
              () => undefined, // cut off by the kill: never acknowledged, so never promised
            );
        else if (kind === 1)
          http
            .post(`/tickets/${first.id}/messages`)
            .set(user)
            .send({ content: `REST message ${i}` })
            .then(
              (res) => res.status === 201 && acknowledge(ackedMessages, res.body.id),
              () => undefined,
            );
        else
          ack<{ message?: { id: string } }>(sockets[i % sockets.length]!, 'send_message', {
            ticket_id: first.id,
            content: `Socket message ${i}`,
          }).then(
            (reply) => reply.message && acknowledge(ackedMessages, reply.message.id),
            () => undefined,
          );
      }
    });
    await killed;
    await running!.exited;
    for (const socket of sockets) socket.close();

    // The worst moment, made certain: a ticket stored with its event while no process is running.
    const stored = await database.collection('tickets').findOne({ ticket_id: first.ticket_id });
    const orphan = {
      ...stored!,
      _id: new Types.ObjectId(),
      ticket_id: `TKT-${Date.now()}-CRASH1`,
      quota_seq: null, // not raised through intake: it takes no quota slot (the copied one is taken)
      webhook_events: [{ event_id: randomUUID(), name: 'on_ticket_created', at: new Date() }],
    };
    await database.collection('tickets').insertOne(orphan);

    ({ http } = await start());

    // Everything acknowledged before the kill is stored and readable after the restart.
    const storedTickets = await database
      .collection('tickets')
      .find({ ticket_id: { $in: ackedTickets } })
      .toArray();
    expect(storedTickets.map((t) => t['ticket_id']).sort()).toEqual([...ackedTickets].sort());
    const thread = (await http.get(`/tickets/${first.id}/messages?limit=100`).set(user).expect(200)).body as {
      messages: Array<{ id: string }>;
    };
    const threadIds = new Set(thread.messages.map((m) => m.id));
    expect(ackedMessages.filter((id) => !threadIds.has(id))).toEqual([]);

    const expectedTickets = [...ackedTickets, orphan.ticket_id];
    const received = await until(
      () => receiver.received,
      (all) =>
        expectedTickets.every((id) =>
          all.some((r) => r.body.event === 'on_ticket_created' && r.body.data['ticket']?.ticket_id === id),
        ) &&
        ackedMessages.every((id) =>
          all.some((r) => r.body.event === 'on_message_sent' && r.body.data['message']?.id === id),
        ),
      30_000,
    );
    expect(ackedTickets.length + ackedMessages.length).toBeGreaterThanOrEqual(Math.floor(total / 3));

    // Retries and re-drives may repeat a delivery, never under a new id.
    const idsByEvent = new Map<string, Set<string>>();
    for (const r of received) {
      idsByEvent.set(
        r.body.event_id,
        (idsByEvent.get(r.body.event_id) ?? new Set()).add(String(r.headers['x-helpdesk-delivery'])),
      );
    }
    expect([...idsByEvent.values()].every((ids) => ids.size === 1)).toBe(true);
    running!.child.kill('SIGTERM');
    await running!.exited;
  });
});

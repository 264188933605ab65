import { randomUUID } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import request from 'supertest';
import { spawnApp, type AppProcess } from './support/app-process';
import { baseTestEnv, uniqueDatabaseName } from './support/test-env';
import { until } from './support/until';
import { WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(120_000);

/**
 * At-least-once across a crash: the API is killed with SIGKILL while tickets and messages are
 * being created, at whatever point each request had reached, and restarted. Every change that was
 * acknowledged must reach the receiver afterwards, under one delivery id per event.
 */
describe('webhook deliveries across kill -9 and restart', () => {
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

  async function start(): Promise<request.Agent> {
    running = spawnApp(env);
    const started = await running.waitForEvent('server_started', 60_000);
    return request.agent(`http://127.0.0.1:${(started['data'] as { port: number }).port}`);
  }

  const bearer = async (http: request.Agent, username: string, password: string) => ({
    Authorization: `Bearer ${(await http.post('/auth/login').send({ username, password }).expect(200)).body.access_token}`,
  });

  it('delivers every acknowledged ticket and message, and the change a crash left unrelayed', async () => {
    const url = await receiver.start();
    let http = await start();
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

    // Load, and SIGKILL once a third of it is acknowledged: the rest is cut off mid-flight.
    const ackedTickets: string[] = [first.ticket_id];
    const ackedMessages: string[] = [];
    const total = 40;
    let acknowledged = 0;
    const killed = new Promise<void>((resolve) => {
      const maybeKill = () => {
        acknowledged += 1;
        if (acknowledged === Math.floor(total / 3)) {
          running!.child.kill('SIGKILL');
          resolve();
        }
      };
      for (let i = 0; i < total; i += 1) {
        const attempt =
          i % 2 === 0
            ? http
                .post('/tickets')
                .set(user)
                .send({ title: `Load ${i}`, description: 'Printer jams on floor 3.' })
            : http
                .post(`/tickets/${first.id}/messages`)
                .set(user)
                .send({ content: `Message ${i}` });
        attempt.then(
          (res) => {
            if (res.status !== 201) return;
            if (i % 2 === 0) ackedTickets.push(res.body.ticket_id);
            else ackedMessages.push(res.body.id);
            maybeKill();
          },
          () => undefined, // cut off by the kill: never acknowledged, so never promised
        );
      }
    });
    await killed;
    await running!.exited;

    // The worst moment, made certain: a ticket stored with its event while no process is running.
    const stored = await database.collection('tickets').findOne({ ticket_id: first.ticket_id });
    const orphan = {
      ...stored!,
      _id: new Types.ObjectId(),
      ticket_id: `TKT-${Date.now()}-CRASH1`,
      webhook_events: [{ event_id: randomUUID(), name: 'on_ticket_created', at: new Date() }],
    };
    await database.collection('tickets').insertOne(orphan);

    http = await start();
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

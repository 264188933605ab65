import { Types } from 'mongoose';
import { Clock } from '../src/common/clock/clock';
import { SLA_BATCH, SlaMonitorService, type SlaRunSummary } from '../src/sla/sla-monitor.service';
import { TicketSlaAlertsRepository } from '../src/tickets/ticket-sla-alerts.repository';
import { dueAlerts } from '../src/sla/ticket-sla';
import { signedIn, type SignedIn } from './support/accounts';
import { connectTo, collect, ack, type ClientSocket } from './support/sockets';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';
import { until } from './support/until';
import { WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const DEFAULT_TARGETS = {
  high: { first_response_minutes: 60, resolution_minutes: 480 },
  medium: { first_response_minutes: 240, resolution_minutes: 1440 },
  low: { first_response_minutes: 480, resolution_minutes: 4320 },
};

type Ticket = { id: string; ticket_id: string; created_at: string; assignee_id: string | null; status: string };
type HistoryEntry = { action: string; field: string | null; actor: unknown; to: unknown };
type Notification = { type: string; data: { id: string; target: string; due_at: string } };

/**
 * SPEC §11.2: the scheduled SLA job. Time is the app's Clock, moved by the spec; the job runs
 * when the spec calls it (SLA_CRON is off in specs), on one instance or two sharing the database.
 */
describe('the SLA job', () => {
  let t: TestApp;
  let second: TestApp;
  let requester: SignedIn;
  let agent: SignedIn;
  let admin: SignedIn;
  let clockAt = Date.now();
  const receiver = new WebhookReceiver();
  let webhookUrl: string;

  beforeAll(async () => {
    webhookUrl = await receiver.start();
    const database = uniqueDatabaseName(__filename);
    const env = { TICKETS_PER_DAY: '10000', WEBHOOK_RETRY_BASE_MS: '50' };
    t = await startTestApp(database, { env });
    second = await startTestApp(database, { env });
    [requester, agent, admin] = await Promise.all([signedIn(t, 'user'), signedIn(t, 'it_agent'), signedIn(t, 'admin')]);
    for (const app of [t, second]) jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(clockAt));
    await t.http.put('/admin/sla-policy').set(admin.auth).send({ targets: DEFAULT_TARGETS, holidays: [] }).expect(200);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await second.close({ dropDatabase: false });
    await t.close();
    await receiver.stop();
  });

  /** One scheduled tick at `at` (its own tick, so every call runs), on the first instance or `app`. */
  const runAt = async (at: number, app: TestApp = t): Promise<SlaRunSummary> => {
    clockAt = at;
    const result = await app.app.get(SlaMonitorService).runScheduled(new Date(at));
    if (result.outcome !== 'ran') throw new Error(`the tick was not run: ${result.outcome}`);
    return result.summary;
  };
  const raise = async (urgency = 'high') =>
    (
      await t.http
        .post('/tickets')
        .set(requester.auth)
        .send({ title: 'VPN does not connect', description: 'The VPN client times out since this morning.', urgency })
        .expect(201)
    ).body as Ticket;
  const historyOf = async (id: string, who: SignedIn = admin) =>
    (await t.http.get(`/tickets/${id}/history`).set(who.auth).expect(200)).body.entries as HistoryEntry[];
  const slaEntries = async (id: string) =>
    (await historyOf(id)).filter((entry) => entry.action.startsWith('sla_') || entry.action === 'escalated');
  const notificationsOf = async (who: SignedIn, ticketId: string) =>
    (
      (await t.http.get('/notifications?limit=100').set(who.auth).expect(200)).body.notifications as Notification[]
    ).filter((n) => n.data.id === ticketId && n.type.startsWith('sla_'));
  const slaOf = async (id: string) => (await t.http.get(`/tickets/${id}`).set(admin.auth).expect(200)).body.sla;
  const at = (ticket: Ticket, minutes: number) => Date.parse(ticket.created_at) + minutes * MINUTE;

  it('warns at 80 % of the first response, once, to the agent and the admins, with a history entry', async () => {
    const ticket = await raise('high');
    expect(ticket.assignee_id).toBe(agent.id);

    expect((await runAt(at(ticket, 47))).warnings).toBe(0);
    await runAt(at(ticket, 48));
    await runAt(at(ticket, 50));

    for (const who of [agent, admin]) {
      const notes = await notificationsOf(who, ticket.id);
      expect(notes).toEqual([
        expect.objectContaining({
          type: 'sla_warning',
          data: expect.objectContaining({ target: 'first_response', due_at: new Date(at(ticket, 60)).toISOString() }),
        }),
      ]);
    }
    expect(await notificationsOf(requester, ticket.id)).toEqual([]);
    expect(await slaEntries(ticket.id)).toEqual([
      expect.objectContaining({
        action: 'sla_warning',
        field: 'sla.first_response',
        actor: null,
        to: { due_at: new Date(at(ticket, 60)).toISOString() },
      }),
    ]);
    // The requester's history leaves the clock out, as their view of the ticket does.
    expect((await historyOf(ticket.id, requester)).some((entry) => entry.field?.startsWith('sla.'))).toBe(false);
    expect(await slaOf(ticket.id)).toMatchObject({ first_response_breached: false });
  });

  it('raises a breach past the due time once, and escalates a resolution breach', async () => {
    const ticket = await raise('high');
    await runAt(at(ticket, 61));
    await runAt(at(ticket, 62));
    expect(await slaOf(ticket.id)).toMatchObject({ first_response_breached: true, resolution_breached: false });
    // Found past its due time, the breach is raised alone: a warning after the fact is noise.
    expect((await slaEntries(ticket.id)).map((entry) => entry.action)).toEqual(['sla_breached']);

    await runAt(at(ticket, 481));
    expect(await slaOf(ticket.id)).toMatchObject({ first_response_breached: true, resolution_breached: true });
    expect(await slaEntries(ticket.id)).toEqual([
      expect.objectContaining({ action: 'sla_breached', field: 'sla.first_response' }),
      expect.objectContaining({ action: 'sla_breached', field: 'sla.resolution' }),
      expect.objectContaining({ action: 'escalated', field: 'sla.resolution' }),
    ]);
    const adminNotes = await notificationsOf(admin, ticket.id);
    expect(adminNotes.map((n) => [n.type, n.data.target]).sort()).toEqual([
      ['sla_breached', 'first_response'],
      ['sla_breached', 'resolution'],
    ]);
    // Nothing more is owed an alert: later runs find nothing to do on it.
    const later = await runAt(at(ticket, 600));
    expect(later.breaches).toBe(0);
  });

  it('raises nothing for a ticket answered or resolved in time', async () => {
    const answered = await raise('high');
    await t.http
      .post(`/tickets/${answered.id}/messages`)
      .set(agent.auth)
      .send({ content: 'Looking into it now.' })
      .expect(201);
    const resolved = await raise('high');
    await t.http.post(`/tickets/${resolved.id}/resolve`).set(requester.auth).send({}).expect(200);

    await runAt(at(answered, 70));
    expect(await slaEntries(answered.id)).toEqual([]);
    expect(await slaEntries(resolved.id)).toEqual([]);
    // The answered ticket still owes its resolution: warned at 80 % of it.
    await runAt(at(answered, 385));
    expect((await slaEntries(answered.id)).map((e) => [e.action, e.field])).toEqual([
      ['sla_warning', 'sla.resolution'],
    ]);
    expect(await slaEntries(resolved.id)).toEqual([]);
  });

  it('raises nothing on a ticket held for review, which keeps its old clock until its release', async () => {
    const ticket = await raise('high');
    // Held after an edit: flagged, out of its department, its clock kept.
    await t.connection
      .collection('tickets')
      .updateOne(
        { _id: new Types.ObjectId(ticket.id) },
        { $set: { misuse_flag: true, department: null, status: 'open', assignee_id: null, agent_keys: [] } },
      );
    await runAt(at(ticket, 500));
    expect(await slaEntries(ticket.id)).toEqual([]);
    const stored = await t.connection.collection('tickets').findOne({ _id: new Types.ObjectId(ticket.id) });
    expect(stored?.['sla']).toMatchObject({ next_check_at: null, first_response_breached: false });
  });

  it('records a reply that reached the conversation but not the ticket, instead of calling it missed', async () => {
    const ticket = await raise('high');
    // A crash between the reply and its record on the ticket: the message alone is stored.
    await t.connection.collection('messages').insertOne({
      ticket_id: new Types.ObjectId(ticket.id),
      sender_id: new Types.ObjectId(agent.id),
      sender_role: 'it_agent',
      message_type: 'agent_message',
      content: 'On it.',
      isAI: false,
      feedback: 'none',
      timestamp: new Date(at(ticket, 10)),
      source_document_ids: [],
    });
    const run = await runAt(at(ticket, 65));
    expect(run.first_responses_recovered).toBe(1);
    await runAt(at(ticket, 66));
    expect(await slaOf(ticket.id)).toMatchObject({
      first_response_at: new Date(at(ticket, 10)).toISOString(),
      first_response_breached: false,
    });
    expect(await slaEntries(ticket.id)).toEqual([]);
  });

  it('tells the department and admin rooms live, never the requester', async () => {
    const ticket = await raise('high');
    const sockets: ClientSocket[] = [];
    try {
      sockets.push(...(await Promise.all([agent, admin, requester].map((who) => connectTo(t, who.accessToken)))));
      await ack(sockets[2]!, 'join_ticket', { ticket_id: ticket.id });
      const seen = sockets.map((socket) => collect<{ ticket_id: string; target: string }>(socket, 'sla_breached'));
      await runAt(at(ticket, 61));
      await until(
        () => seen.slice(0, 2).every((events) => events.some((e) => e.ticket_id === ticket.id)),
        (arrived) => arrived,
      );
      expect(seen[0]!.filter((e) => e.ticket_id === ticket.id)).toEqual([
        expect.objectContaining({ ticket_number: ticket.ticket_id, target: 'first_response' }),
      ]);
      // Given time to arrive, had it been sent.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen[2]).toEqual([]);
    } finally {
      for (const socket of sockets) socket.disconnect();
    }
  });

  it('delivers sla_warning and sla_breached webhooks with the target and due time', async () => {
    await t.http
      .post('/admin/webhooks')
      .set(admin.auth)
      .send({ url: webhookUrl, events: ['sla_warning', 'sla_breached'] })
      .expect(201);
    const ticket = await raise('high');
    await runAt(at(ticket, 49));
    await runAt(at(ticket, 61));
    const received = await until(
      () => receiver.received.filter((r) => r.body.data.ticket?.id === ticket.id),
      (mine) => mine.length >= 2,
    );
    expect(received.map((r) => [r.body.event, r.body.data['target'], r.body.data['due_at']])).toEqual([
      ['sla_warning', 'first_response', new Date(at(ticket, 60)).toISOString()],
      ['sla_breached', 'first_response', new Date(at(ticket, 60)).toISOString()],
    ]);
  });

  it('raises each alert once across two instances running at the same moment', async () => {
    const ticket = await raise('high');
    clockAt = at(ticket, 61);
    // The same tick on both: one claims it.
    const sameTick = await Promise.all(
      [t, second].map((app) => app.app.get(SlaMonitorService).runScheduled(new Date(clockAt))),
    );
    expect(sameTick.map((r) => r.outcome).sort()).toEqual(['claimed_elsewhere', 'ran']);
    // Different ticks at once: at most one runs at a time, and whatever ran raised nothing twice.
    clockAt = at(ticket, 481);
    await Promise.all([t, second].map((app, i) => app.app.get(SlaMonitorService).runScheduled(new Date(clockAt + i))));
    await runAt(at(ticket, 482), second);
    expect((await slaEntries(ticket.id)).map((e) => [e.action, e.field])).toEqual([
      ['sla_breached', 'sla.first_response'],
      ['sla_breached', 'sla.resolution'],
      ['escalated', 'sla.resolution'],
    ]);
    expect(await notificationsOf(agent, ticket.id)).toHaveLength(2);
  });

  it('leaves a ticket that moved between the read and the write to the next run', async () => {
    const ticket = await raise('low');
    // Back in the queue unassigned, where its requester may still edit it.
    await t.connection
      .collection('tickets')
      .updateOne(
        { _id: new Types.ObjectId(ticket.id) },
        { $set: { status: 'open', assignee_id: null, assigned_at: null, agent_keys: ['IT'] } },
      );
    const queue = t.app.get(TicketSlaAlertsRepository);
    const now = new Date(at(ticket, 7 * 60));
    const [read] = (await queue.dueForCheck(now, SLA_BATCH)).filter((found) => found.id === ticket.id);
    expect(read).toBeDefined();
    // Raised to high meanwhile: its clock is re-timed, and the check worked out before is stale.
    await t.http.put(`/tickets/${ticket.id}`).set(requester.auth).send({ urgency: 'high' }).expect(200);
    const stale = await queue.store([{ ticket: read!, ...dueAlerts(read!.sla, true, now) }], now);
    expect(stale).toEqual({ raised: [], conflicts: 1 });
    expect(await slaEntries(ticket.id)).toEqual([]);
    // The next run sees it as it is: high, long past its first response and at risk on its resolution.
    await runAt(now.getTime());
    expect((await slaEntries(ticket.id)).map((e) => [e.action, e.field])).toEqual([
      ['sla_breached', 'sla.first_response'],
      ['sla_warning', 'sla.resolution'],
    ]);
  });

  it('hands a breached ticket to another agent when the policy says so', async () => {
    const ticket = await raise('high');
    const colleague = await signedIn(t, 'it_agent');
    await t.http
      .put('/admin/sla-policy')
      .set(admin.auth)
      .send({ targets: DEFAULT_TARGETS, holidays: [], reassign_on_breach: true })
      .expect(200);
    try {
      await runAt(at(ticket, 481));
      const moved = (await t.http.get(`/tickets/${ticket.id}`).set(admin.auth).expect(200)).body as Ticket;
      expect(moved).toMatchObject({ assignee_id: colleague.id, status: 'assigned' });
      const history = await historyOf(ticket.id);
      expect(history.at(-1)).toMatchObject({ action: 'changed', field: 'assignee_id', actor: null, to: colleague.id });
      const told = (await t.http.get('/notifications').set(colleague.auth).expect(200)).body
        .notifications as Notification[];
      expect(told.map((n) => n.type)).toEqual(expect.arrayContaining(['ticket_assigned', 'sla_breached']));
    } finally {
      await t.http
        .put('/admin/sla-policy')
        .set(admin.auth)
        .send({ targets: DEFAULT_TARGETS, holidays: [] })
        .expect(200);
    }
  });

  it('works through more tickets than one batch, each alerted once', async () => {
    const model = await raise('medium');
    const doc = (await t.connection.collection('tickets').findOne({ _id: new Types.ObjectId(model.id) }))!;
    const copies = Array.from({ length: SLA_BATCH + 20 }, (_, i) => ({
      ...doc,
      _id: new Types.ObjectId(),
      ticket_id: `${model.ticket_id}-${i}`,
      quota_seq: -1 - i,
      webhook_events: [],
    }));
    await t.connection.collection('tickets').insertMany(copies);
    const run = await runAt(at(model, 4 * 60 * 0.8 + 1));
    expect(run.warnings).toBeGreaterThanOrEqual(copies.length + 1);
    const warned = await t.connection.collection('tickets').countDocuments({
      _id: { $in: copies.map((c) => c._id) },
      'sla.first_response_warned': true,
      'history.action': 'sla_warning',
    });
    expect(warned).toBe(copies.length);
    expect((await runAt(at(model, 4 * 60 * 0.8 + 2))).warnings).toBe(0);
  });

  it("reports its last run, from any instance, in the admins' system status", async () => {
    const run = await runAt(clockAt + MINUTE, second);
    const status = (await t.http.get('/admin/system-status').set(admin.auth).expect(200)).body;
    expect(status.scheduler.sla_monitor).toMatchObject({
      cron: null,
      running: false,
      last_run: { run_id: run.run_id, tickets_checked: run.tickets_checked, warnings: run.warnings },
    });
  });
});

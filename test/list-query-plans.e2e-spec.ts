import { Types } from 'mongoose';
import { planStages, servesPageFromIndex, usesIndex } from '../bench/lib/query-plan';
import { TICKET_COUNT_CAP } from '../src/tickets/ticket.types';
import { SLA_INDEX_NAMES } from '../src/tickets/ticket-sla-lists';
import { TicketsRepository } from '../src/tickets/tickets.repository';
import { signedIn, type SignedIn } from './support/accounts';
import { DatabaseCommands, explainOf, type DatabaseCommand } from './support/database-commands';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

const SLA_INDEXES = new Set<string>(Object.values(SLA_INDEX_NAMES));
const asksForSla = (value: unknown): boolean =>
  value !== null &&
  typeof value === 'object' &&
  Object.entries(value).some(([key, inner]) => key === 'sla.next_due_at' || asksForSla(inner));

const holdsPattern = (value: unknown): boolean =>
  value instanceof RegExp || (value !== null && typeof value === 'object' && Object.values(value).some(holdsPattern));

/**
 * Every list the API serves, for each role and filter, read through the queries the app really
 * sends (recorded by the driver's command monitoring) and explained on the test database: each
 * page comes off an index scan that also gives its order (no COLLSCAN, no in-memory SORT), and each
 * count off an index. A query that cannot be served so fails here on a handful of rows, long before
 * a million of them make it slow.
 */
describe('list queries', () => {
  let t: TestApp;
  let commands: DatabaseCommands;
  let admin: SignedIn;
  let itAgent: SignedIn;
  let requester: SignedIn;
  let ticketId: string;
  let webhookId: string;

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename), { env: { TICKETS_PER_DAY: '100' } });
    commands = new DatabaseCommands(t.connection);
    // Mongoose builds indexes in the background at start: plans are read once every one exists.
    await Promise.all(Object.values(t.connection.models).map((model) => model.init()));
    [admin, itAgent, requester] = await Promise.all([
      signedIn(t, 'admin'),
      signedIn(t, 'it_agent'),
      signedIn(t, 'user'),
    ]);
    webhookId = (
      await t.http
        .post('/admin/webhooks')
        .set(admin.auth)
        .send({ url: 'https://hooks.example.com/helpdesk', events: ['on_ticket_created'] })
        .expect(201)
    ).body.id;
    const filed = await t.http
      .post('/tickets')
      .set(requester.auth)
      .send({ title: 'VPN does not connect', description: 'The VPN client fails with a timeout since this morning.' })
      .expect(201);
    ticketId = filed.body.id;
    await t.http
      .post(`/tickets/${ticketId}/messages`)
      .set(requester.auth)
      .send({ content: 'It still fails after a restart.' })
      .expect(201);
  });

  afterAll(async () => {
    commands.stop();
    await t.close();
  });

  const who = (role: 'admin' | 'agent' | 'requester') =>
    role === 'admin' ? admin : role === 'agent' ? itAgent : requester;

  // `:ticket`, `:requester` and `:webhook` stand for ids made in beforeAll.
  const lists: Array<[role: 'admin' | 'agent' | 'requester', path: string]> = [
    ['requester', '/tickets'],
    ['requester', '/tickets?status=assigned'],
    ['agent', '/tickets'],
    ['agent', '/tickets?status=open'],
    ['agent', '/tickets?status=assigned&page=2'],
    ['agent', '/tickets?department=IT'],
    ['agent', '/tickets?status=resolved&page=4'],
    ['agent', '/tickets?search=vpn'],
    ['admin', '/tickets'],
    ['admin', '/tickets?page=3'],
    ['admin', '/tickets?status=resolved'],
    ['admin', '/tickets?department=HR'],
    ['admin', '/tickets?department=IT&status=assigned'],
    ['admin', '/tickets?misuse_flag=true'],
    ['admin', '/tickets?user_id=:requester'],
    ['admin', '/tickets?user_id=:requester&status=open'],
    ['admin', '/tickets?search=printer'],
    // The SLA lists (ticket-sla-lists.ts): scope, status and due time off a partial SLA index.
    ['agent', '/tickets?sla=at_risk'],
    ['agent', '/tickets?sla=breached&page=2'],
    ['agent', '/tickets?sla=breached&status=assigned'],
    ['agent', '/tickets?sla=at_risk&department=IT'],
    ['agent', '/tickets?sla=breached&department=HR&status=open'],
    ['agent', '/tickets?sla=breached&search=vpn'],
    ['admin', '/tickets?sla=breached'],
    ['admin', '/tickets?sla=at_risk&page=3'],
    ['admin', '/tickets?sla=breached&status=open'],
    ['admin', '/tickets?sla=at_risk&department=HR'],
    ['admin', '/tickets?sla=breached&department=IT&status=assigned'],
    ['admin', '/tickets?sla=breached&user_id=:requester'],
    ['admin', '/tickets?sla=at_risk&user_id=:requester&status=assigned'],
    ['admin', '/tickets?sla=breached&misuse_flag=false'],
    ['admin', '/tickets?sla=at_risk&search=printer'],
    ['requester', '/tickets/:ticket/messages'],
    ['agent', '/tickets/:ticket/messages?page=2'],
    ['admin', '/users'],
    ['admin', '/users?role=it_agent'],
    ['admin', '/users?is_active=false'],
    ['admin', '/users?role=user&is_active=true'],
    ['requester', '/notifications'],
    ['requester', '/notifications?unread_only=true'],
    ['admin', '/admin/misuse-reports'],
    ['admin', '/admin/misuse-reports?reviewed=false'],
    ['admin', '/admin/misuse-reports?user_id=:requester'],
    ['admin', '/admin/misuse-reports?misuse_type=spam_content'],
    ['admin', '/admin/documents'],
    ['admin', '/admin/documents?category=IT'],
    ['admin', '/admin/webhooks'],
    ['admin', '/admin/webhooks/:webhook/deliveries'],
    ['admin', '/admin/knowledge-suggestions'],
    ['admin', '/admin/knowledge-suggestions?status=pending'],
  ];

  const sentDuring = (role: 'admin' | 'agent' | 'requester', path: string) =>
    commands.during(() =>
      t.http
        .get(path.replace(':ticket', ticketId).replace(':requester', requester.id).replace(':webhook', webhookId))
        .set(who(role).auth)
        .expect(200)
        .then(() => undefined),
    );

  async function expectServedByIndexes(queries: DatabaseCommand[]): Promise<void> {
    for (const query of queries) {
      // A count with no filter reads the collection's metadata, not its documents.
      if (query.name === 'count' && !query.body['query']) continue;
      // A search is a substring of title or description, which no index holds (a text index finds
      // words, not substrings): its page still comes in index order, filtered as it is read, but
      // counting it reads the scope, stopped at the ticket count cap (README, "Lists").
      if (query.name === 'aggregate' && holdsPattern(query.body['pipeline'])) continue;
      const explained = await t.connection.db!.command(explainOf(query)!);
      const stages = planStages(explained);
      const described = `${query.name} on ${query.collection}: ${JSON.stringify(query.body['filter'] ?? query.body['pipeline'] ?? query.body['query'])} → ${stages.join(' ')}`;
      expect({ query: described, indexed: usesIndex(stages) }).toEqual({ query: described, indexed: true });
      // An SLA query is served by an SLA index, which holds only the tickets that owe a target.
      if (asksForSla(query.body)) {
        const index = stages.find((stage) => SLA_INDEXES.has(stage.replace(/^index:/, '')));
        expect({ query: described, slaIndex: index !== undefined }).toEqual({ query: described, slaIndex: true });
      }
      if (query.name === 'find' && query.body['sort']) {
        expect({ query: described, ordered: servesPageFromIndex(stages) }).toEqual({ query: described, ordered: true });
      }
    }
  }

  it.each(lists)('%s GET %s: every query on an index, every page in index order', async (role, path) => {
    const queries = (await sentDuring(role, path)).filter((command) => explainOf(command) !== null);
    expect(queries.length).toBeGreaterThan(0);
    await expectServedByIndexes(queries);
  });

  it.each([
    ['agent', '/agent/home'],
    ['admin', '/admin/home'],
  ] as const)("%s GET %s: the SLA figures' counts and first tickets on the SLA indexes", async (role, path) => {
    const queries = (await sentDuring(role, path)).filter(
      (command) => explainOf(command) !== null && asksForSla(command.body),
    );
    // At risk and breached: a count and the first ticket of each.
    expect(queries).toHaveLength(4);
    await expectServedByIndexes(queries);
  });

  it("finds tickets stored before agent_keys existed in their agents' lists, once the app has started", async () => {
    const tickets = t.connection.collection('tickets');
    const stored = await tickets.findOne({ _id: new Types.ObjectId(ticketId) });
    const older = { ...stored!, _id: new Types.ObjectId(), ticket_id: 'TKT-1700000000000-OLDER1', quota_seq: -1 };
    delete (older as Record<string, unknown>)['agent_keys'];
    await tickets.insertOne(older);
    const listed = async () =>
      (
        (await t.http.get('/tickets?limit=100').set(itAgent.auth).expect(200)).body.tickets as Array<{ id: string }>
      ).map((ticket) => ticket.id);
    expect(await listed()).not.toContain(older._id.toHexString());
    await t.app.get(TicketsRepository).onModuleInit(); // what every start runs
    expect(await listed()).toContain(older._id.toHexString());
    expect((await tickets.findOne({ _id: older._id }))!['agent_keys']).toEqual(['IT', `agent:${itAgent.id}`]);
    await tickets.deleteOne({ _id: older._id });
  });

  it(`counts a list up to ${TICKET_COUNT_CAP.toLocaleString('en')} and says so past it, while every page still answers`, async () => {
    const tickets = t.connection.collection('tickets');
    const template = await tickets.findOne({ _id: new Types.ObjectId(ticketId) });
    const { _id, ticket_id, quota_seq, ...rest } = template!;
    void [_id, ticket_id, quota_seq];
    const start = Date.parse('2020-01-01T00:00:00Z');
    const many = Array.from({ length: TICKET_COUNT_CAP + 5 }, (_, i) => ({
      ...rest,
      ticket_id: `TKT-${start + i}-BULK${String(i).padStart(2, '0').slice(-2)}`,
      status: 'resolved',
      created_at: new Date(start + i * 1000),
    }));
    await tickets.insertMany(many);
    try {
      const limit = 100;
      const lastCounted = TICKET_COUNT_CAP / limit;
      const page = async (n: number) =>
        (await t.http.get(`/tickets?status=resolved&limit=${limit}&page=${n}`).set(itAgent.auth).expect(200)).body;
      const first = await page(1);
      expect(first).toMatchObject({
        total_count: TICKET_COUNT_CAP,
        total_count_capped: true,
        pagination: { page: 1, total_pages: lastCounted, has_next: true },
      });
      expect((await page(lastCounted)).pagination).toMatchObject({ total_pages: lastCounted, has_next: true });
      const past = await page(lastCounted + 1);
      expect(past.tickets).toHaveLength(5);
      expect(past.pagination).toMatchObject({ has_next: false, has_prev: true });
      // Under the cap the count is exact and says so.
      const own = (await t.http.get('/tickets?status=assigned').set(itAgent.auth).expect(200)).body;
      expect(own).toMatchObject({ total_count: own.tickets.length, total_count_capped: false });
    } finally {
      await tickets.deleteMany({ status: 'resolved', ticket_id: /BULK/ });
    }
  });
});

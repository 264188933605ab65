import { BENCH_ADMIN, coresBusy, startApp, untilQuiet } from '../lib/app';
import { load, signIn } from '../lib/load';
import { bulkInsert, connect, seedUsers, SEEDED_PASSWORD, ticketDoc } from '../lib/seed';
import { atLeast, atMost, progress, reported, type BenchRow } from '../lib/report';
import type { ScenarioContext } from './context';
import { agentKey } from '../../src/tickets/agent-keys';
import { planStages, servesPageFromIndex, usesIndex } from '../lib/query-plan';
import { countingCommands, roundTripRows, roundTripsOfOne } from '../lib/round-trips';
import { TicketSchema } from '../../src/tickets/ticket.schema';
import { TICKET_COUNT_CAP } from '../../src/tickets/ticket.types';

const REQUESTERS = 1000;
const AGENTS_PER_DEPARTMENT = 10;
const STATUSES = ['assigned', 'assigned', 'resolved', 'closed', 'open'] as const;

/** The fastest of three runs of `query`, in milliseconds. */
async function fewestMs(query: () => Promise<unknown>): Promise<number> {
  let fewest = Infinity;
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    await query();
    fewest = Math.min(fewest, performance.now() - started);
  }
  return Math.round(fewest);
}

async function timedGet(url: string, path: string, token: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  return Math.round(performance.now() - started);
}

/**
 * GET /tickets for an agent and an admin with BENCH_LIST_TICKETS tickets stored (default
 * 1,000,000), 50 clients each, and the query plans of both list queries.
 */
export async function list(ctx: ScenarioContext): Promise<BenchRow[]> {
  const total = Number(process.env['BENCH_LIST_TICKETS'] ?? 1_000_000);
  const dbName = 'bench_list';
  const db = await connect(ctx.uri, dbName);
  progress(`list: seeding ${total.toLocaleString('en')} tickets`);
  const requesters = await seedUsers(db, 'list-user', 'user', REQUESTERS);
  const itAgents = await seedUsers(db, 'list-it', 'it_agent', AGENTS_PER_DEPARTMENT);
  const hrAgents = await seedUsers(db, 'list-hr', 'hr_agent', AGENTS_PER_DEPARTMENT);
  // The app's ticket indexes first, so the tickets are stored under them as a production
  // collection grows. Built afterwards over a million tickets, SecantusDB 0.5.3-beta.196 got
  // through eight of them and then retried the multikey agent_keys index on write conflicts for
  // over 30 minutes with nothing else writing (twice; bench/README.md).
  await db.model('BenchTicket', TicketSchema).init();
  const start = Date.now() - 300 * 86_400_000;
  const seedStarted = Date.now();
  await bulkInsert(db, 'tickets', total, (i) => {
    const department = i % 2 ? 'IT' : 'HR';
    const agents = department === 'IT' ? itAgents : hrAgents;
    const status = STATUSES[i % STATUSES.length]!;
    return ticketDoc({
      index: i,
      userId: requesters[i % REQUESTERS]!,
      department,
      assigneeId: status === 'open' ? null : agents[i % AGENTS_PER_DEPARTMENT]!,
      status,
      createdAt: new Date(start + Math.floor((i / total) * 300 * 86_400_000)),
    });
  });
  const seedSeconds = Math.round((Date.now() - seedStarted) / 1000);

  const app = await startApp('list', { MONGODB_URI: ctx.uri, MONGODB_DB_NAME: dbName });
  try {
    // Ready is not idle: Mongoose checks every index of every model after start, and over a
    // million tickets those checks take a while on this engine. Measure once they are done.
    await untilQuiet(app);
    const admin = await signIn(app.url, BENCH_ADMIN.username, BENCH_ADMIN.password);
    const agent = await signIn(app.url, 'list-it-0', SEEDED_PASSWORD);
    const agentQuery = { agent_keys: { $in: ['IT', agentKey(itAgents[0]!.toHexString())] } };
    const sort = { created_at: -1, _id: -1 } as const;
    const explains = {
      agent: await db.collection('tickets').find(agentQuery).sort(sort).limit(10).explain(),
      admin: await db.collection('tickets').find({}).sort(sort).limit(10).explain(),
      agent_count: await db.collection('tickets').find(agentQuery).explain(),
    };
    // The queries of both lists through the driver alone, no API: what the engine takes for them.
    const tickets = db.collection('tickets');
    const driverAlone = {
      agent_page: await fewestMs(() => tickets.find(agentQuery).sort(sort).limit(11).toArray()),
      agent_count: await fewestMs(() => tickets.countDocuments(agentQuery, { limit: TICKET_COUNT_CAP })),
      admin_page: await fewestMs(() => tickets.find({}).sort(sort).limit(11).toArray()),
      admin_count: await fewestMs(() => tickets.estimatedDocumentCount()),
    };
    progress(`list: the driver alone takes ${JSON.stringify(driverAlone)} ms`);
    // One request each first, alone: what a list costs before 50 clients queue for it.
    const cpuBefore = app.cpuSeconds();
    const singleStarted = Date.now();
    const single = {
      agent: await timedGet(app.url, '/tickets?limit=10', agent),
      admin: await timedGet(app.url, '/tickets?limit=10', admin),
    };
    const singleApiCores = coresBusy(
      app.cpuSeconds() - cpuBefore,
      Math.max(0.001, (Date.now() - singleStarted) / 1000),
    );
    progress(`list: one request takes ${single.agent} ms (agent), ${single.admin} ms (admin)`);
    const alone = {
      agent: await roundTripsOfOne(app, () => timedGet(app.url, '/tickets?limit=10', agent)),
      admin: await roundTripsOfOne(app, () => timedGet(app.url, '/tickets?limit=10', admin)),
    };
    const underLoad = async (token: string, who: string) => {
      progress(`list: GET /tickets as ${who}`);
      return countingCommands([app], () =>
        load({ url: app.url, path: '/tickets?limit=10', token, connections: 50, seconds: ctx.seconds }),
      );
    };
    const { result: asAgent, commands: agentCommands, byCommand: agentByCommand } = await underLoad(agent, 'an agent');
    const { result: asAdmin, commands: adminCommands, byCommand: adminByCommand } = await underLoad(admin, 'an admin');
    ctx.details['list'] = {
      tickets: total,
      seed_seconds: seedSeconds,
      database_commands: { agent: agentByCommand, admin: adminByCommand },
      database_commands_alone: { agent: alone.agent.byCommand, admin: alone.admin.byCommand },
      single_request_ms: single,
      driver_alone_ms: driverAlone,
      single_request_api_cores_busy: singleApiCores,
      agent: asAgent,
      admin: asAdmin,
      plans: {
        agent: planStages(explains.agent),
        admin: planStages(explains.admin),
        agent_count: planStages(explains.agent_count),
      },
      explain: explains,
    };
    progress(`list: plans ${JSON.stringify((ctx.details['list'] as { plans: unknown }).plans)}`);
    const rows = [
      reported('list', 'tickets stored', total, 'tickets'),
      reported(
        'list',
        'seeding (bulk writes, under the indexes)',
        Math.round(total / Math.max(1, seedSeconds)),
        'tickets/s',
      ),
      ...roundTripRows('list', 'agent GET /tickets', 'agent list', alone.agent, {
        commands: agentCommands,
        requests: asAgent.requests,
      }),
      ...roundTripRows('list', 'admin GET /tickets', 'admin list', alone.admin, {
        commands: adminCommands,
        requests: asAdmin.requests,
      }),
    ];
    for (const [who, result] of [
      ['agent', asAgent],
      ['admin', asAdmin],
    ] as const) {
      rows.push(
        reported('list', `${who} GET /tickets, one request alone`, single[who], 'ms'),
        reported('list', `${who} GET /tickets`, result.requests_per_second, 'req/s'),
        atMost('list', `${who} GET /tickets p99 (50 clients)`, result.p99_ms, 'ms', 20),
        atMost('list', `${who} failed or non-2xx`, result.errors + result.non_2xx, 'requests', 0),
      );
    }
    rows.push(reported('list', 'API CPU during the single requests', singleApiCores, 'cores'));
    for (const [query, ms] of Object.entries(driverAlone))
      rows.push(reported('list', `driver alone: ${query.replace('_', ' ')} query (fewest of 3)`, ms, 'ms'));
    // A page must come off the index in order (no in-memory SORT); a count only off an index.
    for (const [name, explain] of Object.entries(explains)) {
      const stages = planStages(explain);
      const served = name.endsWith('count') ? usesIndex(stages) : servesPageFromIndex(stages);
      rows.push(atLeast('list', `${name} list query on an index, in order (explain)`, served ? 1 : 0, 'yes', 1));
    }
    return rows;
  } finally {
    await app.stop();
    await db.close();
  }
}

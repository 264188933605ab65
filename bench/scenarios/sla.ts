import type { Connection } from 'mongoose';
import { startApp } from '../lib/app';
import { bulkInsert, connect, seedUsers, ticketDoc } from '../lib/seed';
import { atMost, progress, reported, type BenchRow } from '../lib/report';
import { DEFAULT_SLA_POLICY } from '../../src/sla/sla-policy';
import { startSla } from '../../src/sla/ticket-sla';
import type { ScenarioContext } from './context';

const TICKETS = Number(process.env['BENCH_SLA_TICKETS'] ?? 100_000);
/** The smaller run the large one's memory is compared with: flat means the same peak heap. */
const SMALL_TICKETS = Math.round(TICKETS / 10);
const AGENTS = 20;
/** How long a ticket has waited, by index: each kind of alert, a quarter of the tickets each (all high urgency). */
const WAITED_MINUTES = [
  50, // past 80 % of the 1 h first response: a warning
  70, // past the first response: a breach
  400, // and past 80 % of the 8 h resolution: a breach and a warning
  500, // and past the resolution: two breaches, the second escalated
];

interface SlaRun {
  duration_ms: number;
  tickets_checked: number;
  warnings: number;
  breaches: number;
  escalations: number;
  peak_heap_mb: number;
}

/** Open tickets, all with something to raise now, from `first` on. */
async function seedDueTickets(db: Connection, first: number, count: number, users: unknown[], agents: unknown[]) {
  const now = Date.now();
  await bulkInsert(db, 'tickets', count, (j) => {
    const i = first + j;
    const createdAt = new Date(now - WAITED_MINUTES[i % WAITED_MINUTES.length]! * 60_000);
    const agent = agents[i % agents.length] as never;
    return {
      ...ticketDoc({
        index: i,
        userId: users[i % users.length] as never,
        department: 'IT',
        assigneeId: agent,
        status: 'assigned',
        createdAt,
      }),
      urgency: 'high',
      sla: startSla(createdAt, 'high', DEFAULT_SLA_POLICY),
    };
  });
}

/** The run the scheduled tick makes after `since` over at least `tickets`, as the job records it. */
async function nextRun(db: Connection, since: Date, tickets: number): Promise<SlaRun> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const run = await db
      .collection('job_runs')
      .findOne({ job: 'sla_monitor', started_at: { $gt: since }, 'summary.tickets_checked': { $gte: tickets } });
    if (run) return run['summary'] as SlaRun;
    if (Date.now() > deadline) throw new Error(`no SLA run over ${tickets} tickets within 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * The scheduled SLA job (SPEC §11.2) over 100,000 open tickets that all have something to raise:
 * the job as the cron fires it (every minute) in the compiled API, with the notifications, socket
 * events and webhook outbox of every alert. Run first over a tenth as many (a database and an API
 * of its own), so that the peak heap of the two runs shows whether memory stays flat with the count.
 */
export async function sla(ctx: ScenarioContext): Promise<BenchRow[]> {
  const small = await scheduledRun(ctx, 'bench_sla_small', SMALL_TICKETS);
  const large = await scheduledRun(ctx, 'bench_sla', TICKETS);
  ctx.details['sla'] = { small, large };
  return [
    reported('sla', 'tickets checked', large.run.tickets_checked, 'tickets'),
    reported('sla', 'warnings raised', large.run.warnings, 'alerts'),
    reported('sla', 'breaches raised', large.run.breaches, 'alerts'),
    reported('sla', 'notifications stored', large.notifications, 'notifications'),
    atMost('sla', 'run duration', Math.round(large.run.duration_ms / 100) / 10, 's', 60),
    reported('sla', 'CPU used by the API around the run', large.apiCpuSeconds, 's'),
    reported('sla', `peak heap, run over ${SMALL_TICKETS.toLocaleString('en')}`, small.run.peak_heap_mb, 'MiB'),
    // Flat: the large run holds no more than the small one, give or take the collector's timing.
    atMost(
      'sla',
      `peak heap, run over ${TICKETS.toLocaleString('en')}`,
      large.run.peak_heap_mb,
      'MiB',
      Math.round(small.run.peak_heap_mb * 1.25),
    ),
    reported('sla', `peak RSS of the API, run over ${SMALL_TICKETS.toLocaleString('en')}`, small.peakRssMb, 'MiB'),
    reported('sla', `peak RSS of the API, run over ${TICKETS.toLocaleString('en')}`, large.peakRssMb, 'MiB'),
  ];
}

/** A database of `count` due tickets, then an API whose first scheduled tick finds them all. */
async function scheduledRun(ctx: ScenarioContext, dbName: string, count: number) {
  const db = await connect(ctx.uri, dbName);
  try {
    progress(`sla: seeding ${AGENTS} agents and ${count.toLocaleString('en')} due tickets`);
    const agents = await seedUsers(db, 'sla-agent', 'it_agent', AGENTS);
    const users = await seedUsers(db, 'sla-user', 'user', 1000);
    await seedDueTickets(db, 0, count, users, agents);
    const started = new Date();
    const app = await startApp(dbName, { MONGODB_URI: ctx.uri, MONGODB_DB_NAME: dbName, SLA_CRON: '* * * * *' });
    try {
      const cpuBefore = app.cpuSeconds();
      progress(`sla: waiting for the scheduled tick over ${count.toLocaleString('en')} tickets`);
      const run = await nextRun(db, started, count);
      return {
        run,
        notifications: await db.collection('notifications').estimatedDocumentCount(),
        apiCpuSeconds: Math.round((app.cpuSeconds() - cpuBefore) * 10) / 10,
        peakRssMb: app.peakRssMb(),
      };
    } finally {
      await app.stop();
    }
  } finally {
    await db.close();
  }
}

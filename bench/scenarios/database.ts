import { Types } from 'mongoose';
import { bulkInsert, connect, ticketDoc } from '../lib/seed';
import { percentile, progress, reported, type BenchRow } from '../lib/report';
import type { ScenarioContext } from './context';

const DOCUMENTS = Number(process.env['BENCH_DATABASE_DOCUMENTS'] ?? 10_000);
const CLIENTS = 50;

/** `operation` from CLIENTS concurrent callers for `seconds`: operations per second and p99. */
async function drive(seconds: number, operation: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < deadline) {
        const begun = performance.now();
        await operation(next++);
        latencies.push(performance.now() - begun);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    per_second: Math.round(latencies.length / ((Date.now() - started) / 1000)),
    p99_ms: Math.round(percentile(latencies, 99) * 10) / 10,
  };
}

/**
 * The database's own ceiling, without the API: what one driver gets from the server for the
 * simplest operations intake and lists are made of, at the same 50 clients. Every API figure is
 * bounded by these.
 */
export async function database(ctx: ScenarioContext): Promise<BenchRow[]> {
  const db = await connect(ctx.uri, 'bench_database');
  try {
    const tickets = db.collection('tickets');
    await tickets.createIndex({ user_id: 1, created_at: -1 });
    progress(`database: seeding ${DOCUMENTS.toLocaleString('en')} ticket documents`);
    const users = Array.from({ length: 100 }, () => new Types.ObjectId());
    const ids: Types.ObjectId[] = [];
    const openTicket = (i: number) =>
      ticketDoc({
        index: i,
        userId: users[i % users.length]!,
        department: 'IT',
        assigneeId: null,
        status: 'open',
        createdAt: new Date(),
      });
    await bulkInsert(db, 'tickets', DOCUMENTS, (i) => {
      const _id = new Types.ObjectId();
      ids.push(_id);
      return { ...openTicket(i), _id };
    });
    progress('database: insert, find by _id, find by an indexed field');
    const seconds = Math.max(3, Math.round(ctx.seconds / 2));
    const insert = await drive(seconds, (i) => db.collection('inserts').insertOne(openTicket(i)));
    const byId = await drive(seconds, (i) => tickets.findOne({ _id: ids[(i * 7919) % ids.length]! }));
    const byIndex = await drive(seconds, (i) =>
      tickets
        .find({ user_id: users[i % users.length]! })
        .sort({ created_at: -1 })
        .limit(10)
        .toArray(),
    );
    ctx.details['database'] = {
      documents: DOCUMENTS,
      clients: CLIENTS,
      insert,
      by_id: byId,
      by_indexed_field: byIndex,
    };
    return [
      reported('database', 'insertOne (ticket-sized)', insert.per_second, 'ops/s'),
      reported('database', 'insertOne p99', insert.p99_ms, 'ms'),
      reported('database', `findOne by _id (${DOCUMENTS.toLocaleString('en')} docs)`, byId.per_second, 'ops/s'),
      reported('database', 'findOne by _id p99', byId.p99_ms, 'ms'),
      reported('database', 'newest 10 by indexed user_id', byIndex.per_second, 'ops/s'),
      reported('database', 'newest 10 by indexed user_id p99', byIndex.p99_ms, 'ms'),
    ];
  } finally {
    await db.dropDatabase();
    await db.close();
  }
}

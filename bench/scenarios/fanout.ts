import { spawn } from 'node:child_process';
import { Types } from 'mongoose';
import { io, type Socket } from 'socket.io-client';
import { freePort, startApp, type BenchApp } from '../lib/app';
import { signIn } from '../lib/load';
import { connect, seedUsers, SEEDED_PASSWORD, ticketDoc } from '../lib/seed';
import { atLeast, atMost, percentile, progress, reported, type BenchRow } from '../lib/report';
import { countingCommands, roundTripRows, roundTripsOfOne } from '../lib/round-trips';
import type { ScenarioContext } from './context';

const ROOMS = 200;
const SOCKETS_PER_ROOM = 10;
const MESSAGES_PER_SECOND = Number(process.env['BENCH_FANOUT_RATE'] ?? 500);
/** How long deliveries may trail the last send before the missing ones count as lost. */
const DRAIN_MS = 60_000;

interface Member {
  socket: Socket;
  room: string;
}

function connectSocket(url: string, token: string): Promise<Socket> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/**
 * 2,000 Socket.IO clients in 200 ticket rooms, 500 messages a second sent over the sockets for the
 * load phase: delivery latency to every member of the room, and any message lost or delivered to
 * the wrong room. Run on one process, then on two behind the Redis adapter (sockets split).
 */
async function run(ctx: ScenarioContext, label: string, apps: BenchApp[], dbName: string): Promise<BenchRow[]> {
  const db = await connect(ctx.uri, dbName);
  const users = await seedUsers(db, `${label}-user`, 'user', ROOMS);
  const agents = await seedUsers(db, `${label}-agent`, 'it_agent', 1);
  const tickets = users.map((userId, i) =>
    ticketDoc({
      index: i,
      userId,
      department: 'IT',
      assigneeId: agents[0]!,
      status: 'assigned',
      createdAt: new Date(),
    }),
  );
  const ids = tickets.map(() => new Types.ObjectId());
  await db.collection('tickets').insertMany(tickets.map((ticket, i) => ({ ...ticket, _id: ids[i] })));
  await db.close();

  progress(`${label}: signing in ${ROOMS} users and opening ${ROOMS * SOCKETS_PER_ROOM} sockets`);
  const tokens: string[] = [];
  for (let i = 0; i < ROOMS; i += 1) tokens.push(await signIn(apps[0]!.url, `${label}-user-${i}`, SEEDED_PASSWORD));
  const members: Member[] = [];
  const latencies: number[] = [];
  const deliveries = new Map<number, number>();
  let misrouted = 0;
  for (let i = 0; i < ROOMS; i += 1) {
    const room = ids[i]!.toHexString();
    for (let k = 0; k < SOCKETS_PER_ROOM; k += 1) {
      const app = apps[(i * SOCKETS_PER_ROOM + k) % apps.length]!;
      const socket = await connectSocket(app.url, tokens[i]!);
      await socket.timeout(10_000).emitWithAck('join_ticket', { ticket_id: room });
      socket.on('new_message_in_ticket', (payload: { ticket_id: string; message: { content: string } }) => {
        const [, seq, sentAt, target] = payload.message.content.split(':');
        if (Number(seq) < 0) return; // the round-trip count's own message, sent before the phase
        latencies.push(Date.now() - Number(sentAt));
        if (target !== room || payload.ticket_id !== room) misrouted += 1;
        deliveries.set(Number(seq), (deliveries.get(Number(seq)) ?? 0) + 1);
      });
      members.push({ socket, room });
    }
  }

  const firstMember = members[0]!;
  const alone = await roundTripsOfOne(apps[0]!, () =>
    firstMember.socket.timeout(10_000).emitWithAck('send_message', {
      ticket_id: firstMember.room,
      content: `bench:-1:${Date.now()}:${firstMember.room}`,
    }),
  );
  progress(`${label}: sending ${MESSAGES_PER_SECOND}/s for ${ctx.seconds}s`);
  const total = MESSAGES_PER_SECOND * ctx.seconds;
  let acked = 0;
  /** Sends the server answered with an error: never stored, so never owed to anyone. */
  const refused = new Set<number>();
  let unacknowledged = 0;
  // Counted from the first send until deliveries drained: every command of it belongs to a send.
  const {
    result: sendSeconds,
    commands,
    byCommand,
  } = await countingCommands(apps, async () => {
    const started = Date.now();
    for (let seq = 0; seq < total; seq += 1) {
      const due = started + (seq * 1000) / MESSAGES_PER_SECOND;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      // Senders rotate over rooms and members: each socket stays far under its rate limit.
      const sender = members[(seq * 7919) % members.length]!;
      sender.socket
        .timeout(DRAIN_MS)
        .emitWithAck('send_message', { ticket_id: sender.room, content: `bench:${seq}:${Date.now()}:${sender.room}` })
        .then(
          (reply: { error?: unknown }) => (reply && 'error' in reply && reply.error ? refused.add(seq) : (acked += 1)),
          () => (unacknowledged += 1),
        );
    }
    const seconds = (Date.now() - started) / 1000;
    // Messages are stored before they are broadcast, so a slow database delays deliveries rather
    // than dropping them: wait until every delivery arrived, or none arrived for five seconds.
    const drainDeadline = Date.now() + DRAIN_MS;
    let lastCount = -1;
    let lastProgress = Date.now();
    while (Date.now() < drainDeadline && Date.now() - lastProgress < 5000) {
      if (latencies.length === total * SOCKETS_PER_ROOM) break;
      if (latencies.length !== lastCount) {
        lastCount = latencies.length;
        lastProgress = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return seconds;
  });
  for (const member of members) member.socket.close();

  const expected = total * SOCKETS_PER_ROOM;
  const received = [...deliveries.values()].reduce((sum, n) => sum + n, 0);
  const lost = [...Array(total).keys()]
    .filter((seq) => !refused.has(seq))
    .reduce((sum, seq) => sum + Math.max(0, SOCKETS_PER_ROOM - (deliveries.get(seq) ?? 0)), 0);
  latencies.sort((a, b) => a - b);
  ctx.details[label] = {
    sockets: members.length,
    rooms: ROOMS,
    instances: apps.length,
    messages: total,
    acked,
    refused: refused.size,
    unacknowledged,
    send_seconds: sendSeconds,
    database_commands: byCommand,
    database_commands_alone: alone.byCommand,
    deliveries_expected: expected,
    deliveries_received: received,
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
  };
  return [
    reported(
      label,
      'sockets / rooms / instances',
      members.length / ROOMS,
      `per room × ${ROOMS} rooms × ${apps.length}`,
    ),
    atLeast(label, 'messages sent per second', Math.round(total / sendSeconds), 'msg/s', MESSAGES_PER_SECOND * 0.95),
    atMost(label, 'delivery p99', percentile(latencies, 99), 'ms', 50),
    reported(label, 'delivery p50', percentile(latencies, 50), 'ms'),
    atMost(label, 'deliveries lost', lost, 'deliveries', 0),
    atMost(label, 'deliveries to the wrong room', misrouted, 'deliveries', 0),
    atMost(label, 'sends refused or unacknowledged', refused.size + unacknowledged, 'messages', 0),
    ...roundTripRows(label, 'message send', 'message send', alone, { commands, requests: total }),
  ];
}

export async function fanout(ctx: ScenarioContext): Promise<BenchRow[]> {
  const app = await startApp('fanout', { MONGODB_URI: ctx.uri, MONGODB_DB_NAME: 'bench_fanout' });
  try {
    return await run(ctx, 'fanout', [app], 'bench_fanout');
  } finally {
    await app.stop();
  }
}

/** The same across two instances sharing rooms through Redis (redis-server from the machine). */
export async function fanoutRedis(ctx: ScenarioContext): Promise<BenchRow[]> {
  const port = await freePort();
  const redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  const env = { MONGODB_URI: ctx.uri, MONGODB_DB_NAME: 'bench_fanout_redis', REDIS_URL: `redis://127.0.0.1:${port}` };
  const apps = [await startApp('fanout-redis-a', env), await startApp('fanout-redis-b', env)];
  try {
    return await run(ctx, 'fanout-redis', apps, 'bench_fanout_redis');
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
    redis.kill('SIGTERM');
  }
}

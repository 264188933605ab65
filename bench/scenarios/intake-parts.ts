import { JwtService } from '@nestjs/jwt';
import { Mongoose, Types } from 'mongoose';
import pino from 'pino';
import { routeText } from '../../src/ai/local/local-department-router';
import { screenText } from '../../src/ai/local/local-harm-screen';
import { createRootLogger } from '../../src/common/logging/logger';
import { outboxEvent } from '../../src/database/outbox';
import { jwtKey } from '../../src/auth/token.service';
import { agentKeys } from '../../src/tickets/agent-keys';
import { toTicketResponse } from '../../src/tickets/dto/ticket-response.dto';
import { TicketSchema } from '../../src/tickets/ticket.schema';
import type { TicketRecord } from '../../src/tickets/ticket.types';
import { percentile, progress, reported, type BenchRow } from '../lib/report';
import type { ScenarioContext } from './context';

const TEXTS = [
  { title: 'VPN does not connect', description: 'The VPN client times out every morning after I sign in.' },
  { title: 'Payslip is wrong', description: 'My March payslip shows the wrong overtime amount.' },
  { title: 'Laptop is slow', description: 'Opening Outlook takes several minutes since the update.' },
  { title: 'Parental leave', description: 'How do I apply for parental leave starting in May?' },
];

/** Median and p99 of one call, in microseconds, after a warm-up that lets V8 optimise it. */
async function timeCalls(calls: number, run: (i: number) => unknown): Promise<{ p50_us: number; p99_us: number }> {
  for (let i = 0; i < Math.min(1000, calls); i += 1) await run(i);
  const samples: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const started = process.hrtime.bigint();
    await run(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  samples.sort((a, b) => a - b);
  const round = (us: number) => Math.round(us * 10) / 10;
  return { p50_us: round(percentile(samples, 50)), p99_us: round(percentile(samples, 99)) };
}

/**
 * The CPU parts of an intake, each alone in this process (no HTTP, no database): what the
 * harm screen, the router, the ticket document Mongoose builds, the log line, the response
 * mapping and the access-token check cost, so that a profile's shares can be checked against
 * the cost of each part.
 */
export async function intakeParts(ctx: ScenarioContext): Promise<BenchRow[]> {
  const calls = 20_000;
  const text = (i: number) => TEXTS[i % TEXTS.length]!;
  progress('intake-parts: timing each part in process');
  const mongoose = new Mongoose();
  const Ticket = mongoose.model('Ticket', TicketSchema);
  const userId = new Types.ObjectId();
  const agentId = new Types.ObjectId().toHexString();
  const now = new Date();
  const ticketFields = (i: number) => ({
    ...text(i),
    urgency: 'medium',
    status: 'assigned',
    department: 'IT',
    assignee_id: new Types.ObjectId(agentId),
    assigned_at: now,
    misuse_flag: false,
    ai: {
      screening: { is_harmful: false, categories: [], reason: 'No harmful content found', provider: 'local' },
      routing: { department: 'IT', reason: 'it words', provider: 'local' },
    },
    ticket_id: `TKT-${now.getTime()}-${i.toString(36).padStart(6, '0')}`,
    user_id: userId,
    agent_keys: agentKeys('IT', agentId),
    quota_seq: i,
    webhook_events: [outboxEvent('on_ticket_created', now)],
    created_day: now.toISOString().slice(0, 10),
  });
  const record = {
    ...ticketFields(0),
    id: new Types.ObjectId().toHexString(),
    user_id: userId.toHexString(),
    assignee_id: agentId,
    created_at: now,
    updated_at: now,
    resolved_at: null,
    closed_at: null,
    feedback: null,
    reopen_count: 0,
  } as unknown as TicketRecord;
  const logger = createRootLogger('info', pino.destination({ dest: '/dev/null', sync: true })).child({
    module: 'tickets',
  });
  const secret = 'bench-secret-that-is-long-enough-0123456789';
  const withString = new JwtService({ secret });
  const withKey = new JwtService({ secret: jwtKey(secret) });
  const token = withString.sign({ role: 'user', sid: 's' }, { subject: agentId, expiresIn: 900, algorithm: 'HS256' });

  const parts = {
    harm_screen: await timeCalls(calls, (i) => screenText(`${text(i).title}\n${text(i).description}`)),
    router: await timeCalls(calls, (i) => routeText(text(i))),
    mongoose_document: await timeCalls(calls, async (i) => {
      const doc = new Ticket(ticketFields(i));
      await doc.validate();
      return doc.toObject();
    }),
    log_line: await timeCalls(calls, (i) =>
      logger.info({ user_id: agentId, data: { ticket_id: `TKT-${i}`, status: 'assigned' } }, 'ticket_created'),
    ),
    response_mapping: await timeCalls(calls, () => JSON.stringify(toTicketResponse(record, 'user'))),
    jwt_verify_string_secret: await timeCalls(calls, () => withString.verify(token, { algorithms: ['HS256'] })),
    jwt_verify_key_object: await timeCalls(calls, () => withKey.verify(token, { algorithms: ['HS256'] })),
  };
  ctx.details['intake-parts'] = { calls, parts };
  return Object.entries(parts).flatMap(([name, timing]) => [
    reported('intake-parts', `${name.replaceAll('_', ' ')} p50`, timing.p50_us, 'µs'),
    reported('intake-parts', `${name.replaceAll('_', ' ')} p99`, timing.p99_us, 'µs'),
  ]);
}

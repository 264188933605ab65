import mongoose, { Types, type Connection } from 'mongoose';
import argon2 from 'argon2';
import { ARGON2_OPTIONS } from '../../src/users/password-hasher';
import { agentKeys } from '../../src/tickets/agent-keys';
import { progress } from './report';

export const SEEDED_PASSWORD = 'bench-user-password';

export async function connect(uri: string, dbName: string): Promise<Connection> {
  return mongoose.createConnection(uri, { dbName }).asPromise();
}

/** Inserts documents in bulk batches, showing progress: millions take minutes, not hours. */
export async function bulkInsert(
  db: Connection,
  collection: string,
  count: number,
  make: (i: number) => Record<string, unknown>,
  batch = 5000,
): Promise<void> {
  const started = Date.now();
  for (let start = 0; start < count; start += batch) {
    const docs = Array.from({ length: Math.min(batch, count - start) }, (_, j) => make(start + j));
    await db.collection(collection).insertMany(docs, { ordered: false });
    const done = Math.min(count, start + batch);
    if (done === count || (done / batch) % 20 === 0) {
      const rate = Math.round(done / ((Date.now() - started) / 1000));
      progress(
        `${collection}: ${done.toLocaleString('en')} / ${count.toLocaleString('en')} (${rate.toLocaleString('en')}/s)`,
      );
    }
  }
}

let hash: Promise<string> | undefined;
/** One argon2id hash for every seeded account (same password): hashing each would take minutes. */
function passwordHash(): Promise<string> {
  hash ??= argon2.hash(SEEDED_PASSWORD, ARGON2_OPTIONS);
  return hash;
}

export async function seedUsers(
  db: Connection,
  prefix: string,
  role: string,
  count: number,
): Promise<Types.ObjectId[]> {
  const password_hash = await passwordHash();
  const ids = Array.from({ length: count }, () => new Types.ObjectId());
  const now = new Date();
  await bulkInsert(db, 'users', count, (i) => ({
    _id: ids[i],
    username: `${prefix}-${i}`,
    email: `${prefix}-${i}@bench.local`,
    password_hash,
    role,
    is_active: true,
    created_at: now,
    updated_at: now,
    last_login: null,
    rate_limit_reset: null,
  }));
  return ids;
}

const IT_TEXTS = [
  ['VPN does not connect', 'The VPN client times out every morning after sign-in.'],
  ['Laptop is slow', 'My laptop takes minutes to open Outlook.'],
  ['Printer jam on floor 3', 'The printer jams on every second page.'],
  ['Password expired', 'I cannot sign in, my password expired over the weekend.'],
  ['Outlook crashes', 'Outlook crashes as soon as I open a calendar invite.'],
];
const HR_TEXTS = [
  ['Payslip is wrong', 'My March payslip shows the wrong overtime amount.'],
  ['Parental leave', 'How do I apply for parental leave starting in May?'],
  ['Holiday balance', 'My remaining vacation days look too low this year.'],
  ['Expense claim', 'My travel expense claim has been pending for a month.'],
  ['Sick note', 'Where do I upload a doctor certificate for sick leave?'],
];

/** A ticket document as intake stores it, for bulk seeding. */
export function ticketDoc(options: {
  index: number;
  userId: Types.ObjectId;
  department: 'IT' | 'HR';
  assigneeId: Types.ObjectId | null;
  status: 'open' | 'assigned' | 'resolved' | 'closed';
  createdAt: Date;
  categories?: string[];
  text?: [string, string];
}): Record<string, unknown> {
  const texts = options.department === 'IT' ? IT_TEXTS : HR_TEXTS;
  const [title, description] = options.text ?? texts[options.index % texts.length]!;
  const flagged = (options.categories ?? []).length > 0;
  const resolved = options.status === 'resolved' || options.status === 'closed';
  return {
    ticket_id: `TKT-${options.createdAt.getTime()}-${options.index.toString(36).toUpperCase().padStart(6, '0').slice(-6)}`,
    title,
    description,
    urgency: ['low', 'medium', 'high'][options.index % 3],
    status: flagged ? 'open' : options.status,
    department: flagged ? null : options.department,
    assignee_id: flagged ? null : options.assigneeId,
    agent_keys: flagged ? [] : agentKeys(options.department, options.assigneeId?.toHexString() ?? null),
    user_id: options.userId,
    assigned_at: options.assigneeId ? options.createdAt : null,
    resolved_at: resolved ? new Date(options.createdAt.getTime() + 3_600_000) : null,
    closed_at: options.status === 'closed' ? new Date(options.createdAt.getTime() + 7_200_000) : null,
    resolution_seconds: resolved ? 3600 : null,
    created_day: options.createdAt.toISOString().slice(0, 10),
    resolved_day: null,
    closed_day: null,
    misuse_flag: flagged,
    flag_review: null,
    feedback: null,
    ai: {
      screening: {
        is_harmful: flagged,
        categories: options.categories ?? [],
        reason: flagged ? 'seeded' : 'No harmful content found',
        provider: 'local',
      },
      routing: flagged ? null : { department: options.department, reason: 'seeded', provider: 'local' },
    },
    created_at: options.createdAt,
    updated_at: options.createdAt,
  };
}

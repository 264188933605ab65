import { Injectable, type OnModuleInit } from '@nestjs/common';
import { utcDay } from '../common/utc-day';
import { outboxEvent, OutboxEventReader, type OutboxEvent, type WithOutboxEvents } from '../database/outbox';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type QueryFilter, type Model } from 'mongoose';
import { isObjectIdString } from '../common/http/object-id.pipe';
import { countMatches } from '../database/count-matches';
import { duplicateKeyFields, isDuplicateKeyError } from '../database/duplicate-key';
import { AGENT_KEYS_EXPRESSION, agentKey, agentKeys } from './agent-keys';
import { newTicketId, TICKET_ID_PATTERN } from './ticket-id';
import { SLA_LIST_SORT, slaClauses, slaScopeClauses, slaStatusClause, type SlaListKind } from './ticket-sla-lists';
import {
  changeEntries,
  creationEntry,
  MAX_HISTORY_ENTRIES,
  type HistoryActor,
  type HistorySnapshot,
  type TicketHistoryEntry,
} from './history/ticket-history';
import { TicketDocument } from './ticket.schema';
import { TICKET_COUNT_CAP, type TicketRecord } from './ticket.types';
import type { Department } from '../domain/department';
import { isSettled, type TicketStatus } from '../domain/ticket-status';
import type { TicketSla } from '../sla/ticket-sla';
import type { WebhookEventName } from '../domain/webhook-event';

export type LeanTicket = TicketDocument & { _id: Types.ObjectId };

export type NewTicket = Pick<
  TicketRecord,
  | 'title'
  | 'description'
  | 'urgency'
  | 'status'
  | 'department'
  | 'assignee_id'
  | 'assigned_at'
  | 'user_id'
  | 'misuse_flag'
  | 'ai'
  | 'sla'
>;

/** Fields a service may change; ids as strings. */
export type TicketChanges = Partial<
  Omit<TicketRecord, 'id' | 'ticket_id' | 'user_id' | 'created_at' | 'updated_at' | 'flag_review'> & {
    flag_review: { reviewed_by: string; reviewed_at: Date } | null;
  }
>;

/** What a change was decided on; it is written only while the ticket still has every one of these. */
export type TicketWriteGuard = Pick<
  TicketRecord,
  'status' | 'department' | 'assignee_id' | 'misuse_flag' | 'updated_at'
>;

/** A ticket with the webhook events its changes recorded. */
export interface TicketWithWebhookEvents {
  ticket: TicketRecord;
  events: OutboxEvent[];
}

export interface TicketListPage {
  tickets: TicketRecord[];
  /** Exact up to TICKET_COUNT_CAP; TICKET_COUNT_CAP when more match (`totalCapped`). */
  total: number;
  totalCapped: boolean;
  hasNext: boolean;
}

/** A list query built only from validated, primitive values (never a raw query object). */
export interface TicketListFilter {
  scope:
    { kind: 'all' } | { kind: 'requester'; userId: string } | { kind: 'agent'; userId: string; department: Department };
  status?: TicketStatus;
  department?: Department;
  userId?: string;
  misuseFlag?: boolean;
  search?: string;
  /** The SLA lists (ticket-sla-lists.ts): most urgent first instead of newest first. */
  sla?: { kind: SlaListKind; now: Date };
}

/** A stored ticket as the services see it (ids as strings); shared by the tickets' repositories. */
export function toRecord(doc: LeanTicket): TicketRecord {
  return {
    id: doc._id.toHexString(),
    ticket_id: doc.ticket_id,
    title: doc.title,
    description: doc.description,
    urgency: doc.urgency,
    status: doc.status,
    department: doc.department ?? null,
    assignee_id: doc.assignee_id ? doc.assignee_id.toHexString() : null,
    user_id: doc.user_id.toHexString(),
    created_at: doc.created_at,
    updated_at: doc.updated_at,
    assigned_at: doc.assigned_at ?? null,
    resolved_at: doc.resolved_at ?? null,
    closed_at: doc.closed_at ?? null,
    resolution_seconds: doc.resolution_seconds ?? null,
    misuse_flag: doc.misuse_flag,
    flag_review: doc.flag_review
      ? { reviewed_by: doc.flag_review.reviewed_by.toHexString(), reviewed_at: doc.flag_review.reviewed_at }
      : null,
    feedback: doc.feedback ?? null,
    reopen_count: doc.reopen_count ?? 0,
    ai: doc.ai,
    sla: doc.sla ?? null,
  };
}

/** Counters a change moves by a step (read-modify-write would lose concurrent steps). */
export type TicketCounters = Partial<Record<'reopen_count', number>>;

export interface TicketWriteOptions {
  /** Who makes the change, for its history; null for the service's own moves. */
  actor: HistoryActor | null;
  /** The webhook event the change causes, recorded with it. */
  webhook?: WebhookEventName;
  counters?: TicketCounters;
}

/** The ticket as a change was decided on: written (or removed) only while it still is. */
function guardFilter(id: string, guard: TicketWriteGuard): QueryFilter<TicketDocument> {
  return {
    _id: new Types.ObjectId(id),
    status: guard.status,
    department: guard.department,
    assignee_id: guard.assignee_id === null ? null : new Types.ObjectId(guard.assignee_id),
    misuse_flag: guard.misuse_flag,
    updated_at: guard.updated_at,
  };
}

/**
 * The text as a literal pattern: regex syntax escaped, and a NUL written as `\x00`, since a BSON
 * regular expression cannot carry the byte itself (the driver refuses to encode it).
 */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('\0', '\\x00');
}

/** The marks the SLA job raises; a change writes one only to reset it (a reopen). */
const JOB_MARKS: ReadonlyArray<keyof TicketSla> = [
  'first_response_warned',
  'first_response_breached',
  'resolution_warned',
  'resolution_breached',
  'escalated_at',
];

function toDocumentChanges(
  guard: TicketWriteGuard & Pick<TicketRecord, 'sla'>,
  changes: TicketChanges,
): Record<string, unknown> {
  const set: Record<string, unknown> = { ...changes };
  // A running clock is re-timed field by field, never `first_response_at` (a reply records it
  // alone, see recordFirstResponse) and never a raised-once mark the change leaves as it was (the
  // SLA job sets those alone): neither moves `updated_at`, so the whole block set from the ticket
  // as read would undo a reply or an alert recorded between the read and this write.
  if (changes.sla && guard.sla) {
    delete set['sla'];
    const before = guard.sla;
    const { first_response_at: _recordedApart, ...timed } = changes.sla;
    for (const [field, value] of Object.entries(timed) as Array<[keyof TicketSla, unknown]>) {
      if (JOB_MARKS.includes(field) && value === before[field]) continue;
      set[`sla.${field}`] = value;
    }
  }
  // Resolved or closed, the ticket owes nothing more: it leaves the SLA lists and the job's queue.
  if (changes.status && isSettled(changes.status) && guard.sla) {
    Object.assign(set, { 'sla.next_due_at': null, 'sla.next_warning_at': null, 'sla.next_check_at': null });
  }
  // The guard holds the department and assignee the write starts from, so the keys are exact.
  if (changes.department !== undefined || changes.assignee_id !== undefined) {
    set['agent_keys'] = agentKeys(
      changes.department !== undefined ? changes.department : guard.department,
      changes.assignee_id !== undefined ? changes.assignee_id : guard.assignee_id,
    );
  }
  // A reopen takes the resolution back: its day goes with it, so analytics stop counting it.
  if (changes.resolved_at !== undefined) set['resolved_day'] = changes.resolved_at ? utcDay(changes.resolved_at) : null;
  if (changes.closed_at) set['closed_day'] = utcDay(changes.closed_at);
  if (changes.assignee_id !== undefined) {
    set['assignee_id'] = changes.assignee_id === null ? null : new Types.ObjectId(changes.assignee_id);
  }
  if (changes.flag_review) {
    set['flag_review'] = { ...changes.flag_review, reviewed_by: new Types.ObjectId(changes.flag_review.reviewed_by) };
  }
  return set;
}

@Injectable()
export class TicketsRepository implements OnModuleInit {
  private readonly outbox: OutboxEventReader<LeanTicket>;

  constructor(@InjectModel(TicketDocument.name) private readonly model: Model<TicketDocument>) {
    this.outbox = new OutboxEventReader(model as unknown as Model<WithOutboxEvents>);
  }

  /**
   * Tickets stored before `agent_keys` existed get theirs. The index files a missing array under
   * null, so once none is left this finds that out from the index alone at every start.
   */
  async onModuleInit(): Promise<void> {
    await this.model
      .updateMany({ agent_keys: null }, [{ $set: { agent_keys: AGENT_KEYS_EXPRESSION } }], { updatePipeline: true })
      .exec();
  }

  /**
   * Stores the ticket as its requester's quota slot `quotaSeq` (see TicketQuota): the insert is
   * the claim, decided by the unique (user_id, quota_seq) index, so a ticket that is never stored
   * never takes a slot. Null when another request stored a ticket in that slot first.
   */
  async createInQuotaSlot(
    ticket: NewTicket,
    quotaSeq: number,
    now: Date,
    actor: HistoryActor,
  ): Promise<TicketRecord | null> {
    for (;;) {
      try {
        const created = await this.model.create({
          ...ticket,
          ticket_id: newTicketId(now),
          user_id: new Types.ObjectId(ticket.user_id),
          assignee_id: ticket.assignee_id ? new Types.ObjectId(ticket.assignee_id) : null,
          agent_keys: agentKeys(ticket.department, ticket.assignee_id),
          quota_seq: quotaSeq,
          webhook_events: [outboxEvent('on_ticket_created', now)],
          history: [creationEntry(ticket, actor, now)],
          created_day: utcDay(now),
          // The moment intake decided on, which its SLA clock starts from too.
          created_at: now,
        });
        return toRecord(created.toObject<LeanTicket>());
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        if (duplicateKeyFields(error).includes('quota_seq')) return null;
        // Two tickets in the same millisecond drew the same suffix (1 in 2 billion): draw again.
        if (duplicateKeyFields(error).includes('ticket_id')) continue;
        throw error;
      }
    }
  }

  /** The requester's highest quota slot taken (by a stored ticket), or null before their first. */
  async latestQuotaSlot(userId: string): Promise<number | null> {
    const doc = await this.model
      .findOne({ user_id: new Types.ObjectId(userId), quota_seq: { $gte: 0 } }, { quota_seq: 1 })
      .sort({ quota_seq: -1 })
      .lean<{ quota_seq: number }>()
      .exec();
    return doc ? doc.quota_seq : null;
  }

  /** When the ticket in the requester's quota slot `quotaSeq` was stored; null when none is. */
  async quotaSlotTakenAt(userId: string, quotaSeq: number): Promise<Date | null> {
    const doc = await this.model
      .findOne({ user_id: new Types.ObjectId(userId), quota_seq: quotaSeq }, { created_at: 1 })
      .lean<{ created_at: Date }>()
      .exec();
    return doc ? doc.created_at : null;
  }

  /** By ObjectId or by `TKT-…` id; anything else finds nothing. */
  async findByAnyId(id: string): Promise<TicketRecord | null> {
    const query = isObjectIdString(id)
      ? { _id: new Types.ObjectId(id) }
      : TICKET_ID_PATTERN.test(id)
        ? { ticket_id: id }
        : null;
    if (!query) return null;
    const doc = await this.model.findOne(query).lean<LeanTicket>().exec();
    return doc ? toRecord(doc) : null;
  }

  /**
   * Applies the changes, and records the webhook event with them, only if the ticket still is as
   * the change was decided on (`guard`); null when anything in it moved meanwhile, and then
   * nothing is written. The policy's facts hold the decision exactly; `updated_at` also catches
   * any other write since the read (bar one in the same millisecond), so an edit never
   * overwrites text or a screening verdict it did not see.
   */
  async update(
    before: TicketRecord,
    changes: TicketChanges,
    options: TicketWriteOptions,
  ): Promise<TicketRecord | null> {
    const { webhook, counters, actor } = options;
    const now = new Date();
    // The write is guarded on the ticket as read, so the ticket after it is `before` with the
    // changes applied: its history entries are known before the write and go in with it.
    const after: HistorySnapshot = {
      ...before,
      ...changes,
      reopen_count: before.reopen_count + (counters?.reopen_count ?? 0),
    };
    const history = changeEntries(before, after, actor, now);
    const push = {
      // The webhook event and the history are recorded in the same write as the change.
      ...(webhook ? { webhook_events: outboxEvent(webhook, now) } : {}),
      ...(history.length > 0 ? { history: { $each: history } } : {}),
    };
    const doc = await this.model
      .findOneAndUpdate(
        {
          ...guardFilter(before.id, before),
          // A re-timed clock was worked out for the ticket answered or not, as read.
          ...(changes.sla && before.sla ? { 'sla.first_response_at': before.sla.first_response_at } : {}),
          // Room for the new entries: the entry at MAX - n must not exist yet (MAX_HISTORY_ENTRIES).
          ...(history.length > 0 ? { [`history.${MAX_HISTORY_ENTRIES - history.length}`]: { $exists: false } } : {}),
        },
        {
          $set: toDocumentChanges(before, changes),
          ...(counters ? { $inc: counters } : {}),
          ...(Object.keys(push).length > 0 ? { $push: push } : {}),
        },
        { returnDocument: 'after', runValidators: true },
      )
      .lean<LeanTicket>()
      .exec();
    return doc ? toRecord(doc) : null;
  }

  /**
   * The first staff reply answers the first-response target (SPEC §11.2): recorded once, by the
   * first reply to reach the database. It leaves `updated_at` alone, so an edit decided
   * meanwhile is not refused for it (one that re-times the clock is: it was worked out for an
   * unanswered ticket). A ticket still owing its resolution owes only that now; the job's next
   * check stays where it was, early, and the job moves it on (TicketSla.next_check_at).
   */
  async recordFirstResponse(id: string, at: Date): Promise<void> {
    const stillOwed = (field: string) => ({
      $cond: [{ $eq: [{ $ifNull: ['$sla.next_due_at', null] }, null] }, null, `$sla.${field}`],
    });
    await this.model
      .updateOne(
        { _id: new Types.ObjectId(id), 'sla.started_at': { $type: 'date' }, 'sla.first_response_at': null },
        [
          {
            $set: {
              'sla.first_response_at': at,
              'sla.next_due_at': stillOwed('resolution_due'),
              'sla.next_warning_at': stillOwed('resolution_warning_at'),
            },
          },
        ],
        { timestamps: false, updatePipeline: true },
      )
      .exec();
  }

  /** Whether the ticket's history has no room for `adding` more entries (MAX_HISTORY_ENTRIES). */
  async historyIsFull(id: string, adding = 1): Promise<boolean> {
    const filter = { _id: new Types.ObjectId(id), [`history.${MAX_HISTORY_ENTRIES - adding}`]: { $exists: true } };
    return (await this.model.exists(filter).exec()) !== null;
  }

  /** The ticket's history, oldest first; null when there is no such ticket. */
  async history(id: string): Promise<TicketHistoryEntry[] | null> {
    const doc = await this.model
      .findById(new Types.ObjectId(id), { history: 1 })
      .select('+history')
      .lean<{ history?: TicketHistoryEntry[] }>()
      .exec();
    return doc ? (doc.history ?? []) : null;
  }

  /** Removes the ticket if it is still as the deletion was decided on (see `update`); false otherwise. */
  async deleteIfUnchanged(id: string, guard: TicketWriteGuard): Promise<boolean> {
    const result = await this.model.deleteOne(guardFilter(id, guard)).exec();
    return result.deletedCount === 1;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.model.exists({ _id: new Types.ObjectId(id) }).exec()) !== null;
  }

  /** The `assigned` tickets an agent holds, oldest assignment first, for handing them over. */
  async assignedTo(agentId: string, limit: number): Promise<TicketRecord[]> {
    const docs = await this.model
      .find({ assignee_id: new Types.ObjectId(agentId), status: 'assigned' })
      .limit(limit)
      .lean<LeanTicket[]>()
      .exec();
    return docs.map(toRecord);
  }

  /** Everyone who holds an `assigned` ticket (from the {assignee_id, status} index), for the handover sweep. */
  async assigneesOfAssignedTickets(): Promise<string[]> {
    const ids = await this.model.distinct('assignee_id', { status: 'assigned', assignee_id: { $ne: null } }).exec();
    return ids.map((id) => id.toHexString());
  }

  /** Tickets with webhook events recorded at or after `from`, for the relay's re-drive. */
  async *withWebhookEventsSince(from: Date): AsyncGenerator<TicketWithWebhookEvents> {
    for await (const doc of this.outbox.since(from)) yield { ticket: toRecord(doc), events: doc.webhook_events ?? [] };
  }

  async findWithWebhookEvents(id: string): Promise<TicketWithWebhookEvents | null> {
    const doc = await this.outbox.one(id);
    return doc ? { ticket: toRecord(doc), events: doc.webhook_events ?? [] } : null;
  }

  /**
   * One page, newest first (an SLA list: most urgent first), and how many match, counted up to
   * TICKET_COUNT_CAP: past it the count would read that much more of an index for every page (half
   * a million entries for an agent of a busy department), so it stops there and says so. One row
   * past the page tells whether another page follows, counted or not.
   */
  async list(filter: TicketListFilter, skip: number, limit: number): Promise<TicketListPage> {
    // A held ticket is in no SLA list (SLA_INDEX_FILTER): asking for held tickets among them finds none.
    if (filter.sla && filter.misuseFlag === true) return { tickets: [], total: 0, totalCapped: false, hasNext: false };
    const query = filter.sla ? this.buildSlaQuery(filter, filter.sla) : this.buildQuery(filter);
    const [docs, counted] = await Promise.all([
      this.model
        .find(query)
        .sort(filter.sla ? SLA_LIST_SORT : { created_at: -1, _id: -1 })
        .skip(skip)
        .limit(limit + 1)
        .lean<LeanTicket[]>()
        .exec(),
      // An unfiltered count (an admin's) is the collection's size, exact and free: never capped.
      countMatches(this.model, query, { limit: TICKET_COUNT_CAP + 1 }),
    ]);
    const capped = Object.keys(query).length > 0 && counted > TICKET_COUNT_CAP;
    return {
      tickets: docs.slice(0, limit).map(toRecord),
      total: capped ? TICKET_COUNT_CAP : counted,
      totalCapped: capped,
      hasNext: docs.length > limit,
    };
  }

  /** How many tickets each agent holds in `assigned`, for balancing new work. */
  async countAssignedByAgent(agentIds: string[]): Promise<Map<string, number>> {
    const rows = await this.model
      .aggregate<{ _id: Types.ObjectId; count: number }>([
        { $match: { assignee_id: { $in: agentIds.map((id) => new Types.ObjectId(id)) }, status: 'assigned' } },
        { $group: { _id: '$assignee_id', count: { $sum: 1 } } },
      ])
      .exec();
    return new Map(rows.map((row) => [row._id.toHexString(), row.count]));
  }

  private buildQuery(filter: TicketListFilter): QueryFilter<TicketDocument> {
    const clauses: QueryFilter<TicketDocument>[] = [];
    const { scope } = filter;
    if (scope.kind === 'requester') clauses.push({ user_id: new Types.ObjectId(scope.userId) });
    if (scope.kind === 'agent') {
      clauses.push({ agent_keys: { $in: [scope.department, agentKey(scope.userId)] } });
    }
    if (filter.status) clauses.push({ status: filter.status });
    if (filter.department) clauses.push({ department: filter.department });
    if (filter.userId) clauses.push({ user_id: new Types.ObjectId(filter.userId) });
    if (filter.misuseFlag !== undefined) clauses.push({ misuse_flag: filter.misuseFlag });
    if (filter.search) {
      const pattern = new RegExp(escapeRegex(filter.search), 'i');
      clauses.push({ $or: [{ title: pattern }, { description: pattern }] });
    }
    return clauses.length === 0 ? {} : clauses.length === 1 ? clauses[0]! : { $and: clauses };
  }

  /**
   * An SLA list: the scope, the status (or both owing ones) and the due-time range, which one of
   * the partial SLA indexes holds in the list's order (ticket-sla-lists.ts); a search is matched on
   * the tickets of that range as they are read, as in every list. (Requesters are refused the SLA
   * lists before this, in TicketQueries; their scope would be the requester index's.)
   */
  private buildSlaQuery(filter: TicketListFilter, sla: { kind: SlaListKind; now: Date }): QueryFilter<TicketDocument> {
    const { scope } = filter;
    const query: Record<string, unknown> = {
      ...(scope.kind === 'requester'
        ? { user_id: new Types.ObjectId(scope.userId), ...(filter.department ? { department: filter.department } : {}) }
        : slaScopeClauses(
            scope.kind === 'agent' ? { kind: 'agent', agentId: scope.userId, department: scope.department } : scope,
            filter.department,
          )),
      ...slaStatusClause(filter.status),
      ...slaClauses(sla.kind, sla.now),
    };
    if (filter.userId) query['user_id'] = new Types.ObjectId(filter.userId);
    if (filter.search) {
      const pattern = new RegExp(escapeRegex(filter.search), 'i');
      query['$or'] = [{ title: pattern }, { description: pattern }];
    }
    return query;
  }
}

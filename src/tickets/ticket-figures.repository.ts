import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { TicketDocument } from './ticket.schema';
import type { Department } from '../domain/department';
import { TICKET_STATUSES, type TicketStatus, type Urgency } from '../domain/ticket-status';
import {
  SLA_LIST_SORT,
  slaClauses,
  slaScopeClauses,
  slaStatusClause,
  type SlaListKind,
  type SlaScope,
} from './ticket-sla-lists';

/** Whose tickets a count is about; each scope leads an index that also holds `status`. */
export type TicketCountScope =
  { kind: 'all' } | { kind: 'requester'; userId: string } | { kind: 'assignee'; agentId: string };

export type TicketCountsByStatus = Record<TicketStatus, number>;

/** What a home page shows of a ticket: enough to list it and open it. */
export interface TicketHeadline {
  id: string;
  ticket_id: string;
  title: string;
  status: TicketStatus;
  urgency: Urgency;
  department: Department | null;
  created_at: Date;
  updated_at: Date;
}

/** A queue's length and the ticket that has waited longest in it. */
export interface TicketQueueFigures {
  count: number;
  oldest: TicketHeadline | null;
}

/** The requester's tickets that count against the daily quota now (see TicketQuota). */
export interface QuotaWindowFigures {
  used: number;
  /** When the oldest of them was stored; null when none counts. */
  oldest_at: Date | null;
}

/** A scope's tickets at risk and past due (GET /tickets?sla=…), and the most urgent of them. */
export interface SlaFigures {
  at_risk: number;
  breached: number;
  /** The earliest due time still owed among them: the first of the breached list, else of the at-risk list. */
  most_urgent: (TicketHeadline & { due_at: Date; breached: boolean }) | null;
}

type LeanHeadline = Pick<
  TicketDocument,
  'ticket_id' | 'title' | 'status' | 'urgency' | 'department' | 'created_at' | 'updated_at'
> & { _id: Types.ObjectId };

const HEADLINE_FIELDS = {
  ticket_id: 1,
  title: 1,
  status: 1,
  urgency: 1,
  department: 1,
  created_at: 1,
  updated_at: 1,
} as const;

function toHeadline(doc: LeanHeadline): TicketHeadline {
  return {
    id: doc._id.toHexString(),
    ticket_id: doc.ticket_id,
    title: doc.title,
    status: doc.status,
    urgency: doc.urgency,
    department: doc.department ?? null,
    created_at: doc.created_at,
    updated_at: doc.updated_at,
  };
}

/**
 * Read-only figures over tickets for the role home pages. Every query starts on an indexed field of
 * ticket.schema.ts and returns counts or a handful of projected tickets, never a collection:
 * - counts by status are one count per status on an index that leads with the scope and then the
 *   status ({user_id, status}, {assignee_id, status}, {status}), so each reads index keys only;
 *   a $group over the scope would read every ticket of it instead, and "all" is every ticket;
 * - queues match on the {department, status} and {misuse_flag} indexes, and their oldest ticket is
 *   the first entry of the index walked backwards.
 */
@Injectable()
export class TicketFiguresRepository {
  constructor(@InjectModel(TicketDocument.name) private readonly model: Model<TicketDocument>) {}

  /** Tickets of the scope in each status, zeros included. */
  async countByStatus(scope: TicketCountScope): Promise<TicketCountsByStatus> {
    const scopeMatch =
      scope.kind === 'requester'
        ? { user_id: new Types.ObjectId(scope.userId) }
        : scope.kind === 'assignee'
          ? { assignee_id: new Types.ObjectId(scope.agentId) }
          : {};
    const counts = await Promise.all(
      TICKET_STATUSES.map((status) => this.model.countDocuments({ ...scopeMatch, status }).exec()),
    );
    return Object.fromEntries(TICKET_STATUSES.map((status, i) => [status, counts[i]!])) as TicketCountsByStatus;
  }

  /**
   * The department's tickets no one has taken: `open`, unassigned and not held for review (a held
   * ticket has no department, so it is the admins' queue, not the department's).
   */
  async unassignedQueue(department: Department): Promise<TicketQueueFigures> {
    return this.queue({ department, status: 'open', assignee_id: null, misuse_flag: false });
  }

  /**
   * Tickets held for review that an admin can still release: flagged and `open`. Releasing clears
   * the flag; a held ticket its requester resolved, or an admin closed, can no longer be released
   * (the department is set only while open), so it awaits nothing.
   */
  async flaggedAwaitingReview(): Promise<TicketQueueFigures> {
    return this.queue({ misuse_flag: true, status: 'open' });
  }

  /**
   * The requester's newest tickets in GET /tickets order (newest first, then by id), on the
   * {user_id, created_at} index; a requester's tickets are bounded by the daily quota.
   */
  async newestOfRequester(userId: string, limit: number): Promise<TicketHeadline[]> {
    const docs = await this.model
      .find({ user_id: new Types.ObjectId(userId) }, HEADLINE_FIELDS)
      .sort({ created_at: -1, _id: -1 })
      .limit(limit)
      .lean<LeanHeadline[]>()
      .exec();
    return docs.map(toHeadline);
  }

  /**
   * The requester's tickets that hold a quota slot and were stored after `since`: those are the
   * ones the trailing 24 hours still count (TicketQuota numbers them with `quota_seq`; tickets
   * from before slots existed have none and never count). At most the daily limit of them exist,
   * so the match stays small on the {user_id, created_at} index.
   */
  async quotaWindow(userId: string, since: Date): Promise<QuotaWindowFigures> {
    const [row] = await this.model
      .aggregate<{ used: number; oldest_at: Date }>([
        { $match: { user_id: new Types.ObjectId(userId), created_at: { $gt: since }, quota_seq: { $gte: 0 } } },
        { $group: { _id: null, used: { $sum: 1 }, oldest_at: { $min: '$created_at' } } },
      ])
      .exec();
    return row ? { used: row.used, oldest_at: row.oldest_at } : { used: 0, oldest_at: null };
  }

  /**
   * The SLA lists' totals and first ticket (ticket-sla-lists.ts), exact: the partial SLA indexes
   * hold only the tickets that owe a target, so each count reads index keys of open work alone.
   */
  async slaFigures(scope: SlaScope, now: Date): Promise<SlaFigures> {
    const query = (kind: SlaListKind) => ({
      ...slaScopeClauses(scope),
      ...slaStatusClause(),
      ...slaClauses(kind, now),
    });
    const first = (kind: SlaListKind) =>
      this.model
        .findOne(query(kind), { ...HEADLINE_FIELDS, 'sla.next_due_at': 1 })
        .sort(SLA_LIST_SORT)
        .lean<LeanHeadline & { sla: { next_due_at: Date } }>()
        .exec();
    const [atRisk, breached, mostOverdue, nextToBreach] = await Promise.all([
      this.model.countDocuments(query('at_risk')).exec(),
      this.model.countDocuments(query('breached')).exec(),
      first('breached'),
      first('at_risk'),
    ]);
    const urgent = mostOverdue ?? nextToBreach;
    return {
      at_risk: atRisk,
      breached,
      most_urgent: urgent
        ? { ...toHeadline(urgent), due_at: urgent.sla.next_due_at, breached: urgent === mostOverdue }
        : null,
    };
  }

  private async queue(match: Record<string, unknown>): Promise<TicketQueueFigures> {
    const [count, oldest] = await Promise.all([
      this.model.countDocuments(match).exec(),
      // By created_at alone, which the matched index holds in order: a tie-breaker on _id would
      // sort the whole queue in memory to find one ticket.
      this.model.findOne(match, HEADLINE_FIELDS).sort({ created_at: 1 }).lean<LeanHeadline>().exec(),
    ]);
    return { count, oldest: oldest ? toHeadline(oldest) : null };
  }
}

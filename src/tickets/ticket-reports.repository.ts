import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model, type PipelineStage, type QueryFilter } from 'mongoose';
import type { TicketText } from '../ai/ai.ports';
import type { Urgency } from '../domain/ticket-status';
import type { ScreenedTicket } from './ticket.types';
import { TicketDocument } from './ticket.schema';
import { TicketsRepository } from './tickets.repository';

/** Counts keyed by a field's stored value; a missing department is keyed "null". */
export type TicketCounts = Map<string, number>;

/** A half-open range [from, to) of UTC instants; both ends already validated by the caller. */
export interface InstantRange {
  from: Date;
  to: Date;
}

/** The date field and the stored UTC day of each lifecycle moment a ticket reaches. */
const MOMENT_FIELDS = {
  created: { at: 'created_at', day: 'created_day' },
  resolved: { at: 'resolved_at', day: 'resolved_day' },
  closed: { at: 'closed_at', day: 'closed_day' },
} as const;
export type TicketMoment = keyof typeof MOMENT_FIELDS;

/** What tickets are broken down by: stored enum fields, each of which leads an index. */
export type TicketBreakdown = 'status' | 'department' | 'urgency';

export interface DepartmentStatusCount {
  /** "null" for tickets without a department (held for review). */
  department: string;
  status: string;
  n: number;
}

export interface ResolutionDuration {
  seconds: number;
  /** "null" for a ticket resolved without a department. */
  department: string;
  urgency: Urgency;
}

export interface RequesterTicketCount {
  user_id: string;
  tickets: number;
}

/** Targets met and missed: SLA compliance's counts. */
export interface SlaTally {
  met: number;
  missed: number;
}

/** The SLA outcomes of one department, urgency and assignee (null: nobody held it). */
export interface SlaOutcomeRow {
  department: string | null;
  urgency: Urgency;
  assignee_id: string | null;
  first_response: SlaTally;
  resolution: SlaTally;
}

export interface FlaggedRequester {
  user_id: string;
  flagged: number;
  last_flagged_at: Date;
}

/**
 * Read-only reporting over tickets, the port admin analytics reads tickets through: counts,
 * groups and a few projected fields, never a document. Callers pass typed primitives (a moment,
 * a breakdown field, a range of Dates); every filter is built here, so no operator object a
 * caller assembled can reach MongoDB, and every $match starts on an indexed field of
 * ticket.schema.ts. Percentiles and week buckets are the caller's arithmetic on what this returns.
 */
@Injectable()
export class TicketReportsRepository {
  constructor(
    @InjectModel(TicketDocument.name) private readonly model: Model<TicketDocument>,
    private readonly tickets: TicketsRepository,
  ) {}

  /** Every ticket ever raised, by the current value of `field`. */
  async countAllBy(field: TicketBreakdown): Promise<TicketCounts> {
    return this.group([{ $group: { _id: `$${field}`, n: { $sum: 1 } } }]);
  }

  /** Tickets that reached the moment within the range, by the value of `field`. */
  async countReachedBy(moment: TicketMoment, range: InstantRange, field: TicketBreakdown): Promise<TicketCounts> {
    return this.group([{ $match: reached(moment, range) }, { $group: { _id: `$${field}`, n: { $sum: 1 } } }]);
  }

  /** How many tickets reached the moment within the range. */
  async countReached(moment: TicketMoment, range: InstantRange): Promise<number> {
    return this.model.countDocuments(reached(moment, range)).exec();
  }

  /** Per stored UTC day (YYYY-MM-DD), how many tickets reached the moment within the range. */
  async countReachedPerDay(moment: TicketMoment, range: InstantRange): Promise<TicketCounts> {
    return this.group([
      { $match: reached(moment, range) },
      { $group: { _id: `$${MOMENT_FIELDS[moment].day}`, n: { $sum: 1 } } },
    ]);
  }

  /** Tickets waiting on staff (open or assigned) that are not held for review. */
  async countOpenNotFlagged(): Promise<number> {
    return this.model.countDocuments({ status: { $in: ['open', 'assigned'] }, misuse_flag: false }).exec();
  }

  /** Tickets held for review (misuse_flag), whatever their status. */
  async countFlagged(): Promise<number> {
    return this.model.countDocuments({ misuse_flag: true }).exec();
  }

  /** Tickets created in the range, by department and current status. */
  async countCreatedByDepartmentAndStatus(range: InstantRange): Promise<DepartmentStatusCount[]> {
    const rows = await this.model
      .aggregate<{ _id: { department: string | null; status: string }; n: number }>([
        { $match: reached('created', range) },
        { $group: { _id: { department: '$department', status: '$status' }, n: { $sum: 1 } } },
      ])
      .exec();
    return rows.map((row) => ({ department: String(row._id.department), status: row._id.status, n: row.n }));
  }

  /** Resolution durations of tickets resolved within the range, with what they are broken down by. */
  async resolutionsWithin(range: InstantRange): Promise<ResolutionDuration[]> {
    const docs = await this.model
      .find(
        { ...reached('resolved', range), resolution_seconds: { $ne: null } },
        { resolution_seconds: 1, department: 1, urgency: 1 },
      )
      .lean<Array<Pick<TicketDocument, 'resolution_seconds' | 'department' | 'urgency'>>>()
      .exec();
    return docs.map((doc) => ({
      seconds: doc.resolution_seconds!,
      department: String(doc.department),
      urgency: doc.urgency,
    }));
  }

  /** Tickets per requester created within the range, most first (ties by requester id). */
  async countCreatedPerRequester(range: InstantRange): Promise<RequesterTicketCount[]> {
    const rows = await this.model
      .aggregate<{ _id: Types.ObjectId; n: number }>([
        { $match: reached('created', range) },
        { $group: { _id: '$user_id', n: { $sum: 1 } } },
        { $sort: { n: -1, _id: 1 } },
      ])
      .exec();
    return rows.map((row) => ({ user_id: row._id.toHexString(), tickets: row.n }));
  }

  /** Requesters with tickets held for review, how many and the latest (the {misuse_flag, created_at} index). */
  async flaggedPerRequester(): Promise<FlaggedRequester[]> {
    const rows = await this.model
      .aggregate<{ _id: Types.ObjectId; flagged: number; last_flagged_at: Date }>([
        { $match: { misuse_flag: true } },
        { $group: { _id: '$user_id', flagged: { $sum: 1 }, last_flagged_at: { $max: '$created_at' } } },
      ])
      .exec();
    return rows.map((row) => ({
      user_id: row._id.toHexString(),
      flagged: row.flagged,
      last_flagged_at: row.last_flagged_at,
    }));
  }

  /** Title and description of tickets created within the range, newest first, at most `limit`. */
  async newestTextsCreatedWithin(range: InstantRange, limit: number): Promise<TicketText[]> {
    const docs = await this.model
      .find(reached('created', range), { title: 1, description: 1 })
      .sort({ created_at: -1 })
      .limit(limit)
      .lean<Array<Pick<TicketDocument, 'title' | 'description'>>>()
      .exec();
    return docs.map((doc) => ({ title: doc.title, description: doc.description }));
  }

  /**
   * Each agent's tickets in `assigned` now. The same count assignment balances on, so it is asked
   * of the repository that owns it rather than written a second time here.
   */
  async assignedLoadByAgent(agentIds: string[]): Promise<TicketCounts> {
    return this.tickets.countAssignedByAgent(agentIds);
  }

  /**
   * The tickets these users filed since `since`, reduced to what the misuse detector reads: one
   * query per batch of users, on the {user_id, created_at} index.
   */
  async screenedTicketsOf(userIds: string[], since: Date): Promise<ScreenedTicket[]> {
    if (userIds.length === 0) return [];
    const docs = await this.model
      .find(
        { user_id: { $in: userIds.map((id) => new Types.ObjectId(id)) }, created_at: { $gte: since } },
        { ticket_id: 1, user_id: 1, title: 1, description: 1, created_at: 1, 'ai.screening.categories': 1 },
      )
      .lean<
        Array<
          Pick<
            TicketDocument & { _id: Types.ObjectId },
            'ticket_id' | 'user_id' | 'title' | 'description' | 'created_at' | 'ai'
          >
        >
      >()
      .exec();
    return docs.map((doc) => ({
      ticket_id: doc.ticket_id,
      user_id: doc.user_id.toHexString(),
      title: doc.title,
      description: doc.description,
      created_at: doc.created_at,
      categories: doc.ai?.screening?.categories ?? [],
    }));
  }

  /**
   * How the SLA targets that settled within the range went, per department, urgency and assignee.
   * A target settles when it is met (the first staff reply, or the ticket resolved or closed, by
   * its due time: counted at that moment) or missed (its due time passed unmet: counted at the due
   * time, and only once it has passed, so a due time later today is not yet a miss). Each clause
   * of the $match is a range on an indexed date.
   */
  async slaOutcomesWithin(range: InstantRange, now: Date): Promise<SlaOutcomeRow[]> {
    const until = now < range.to ? now : range.to;
    const within = (field: string) => ({ [field]: { $gte: range.from, $lt: range.to } });
    const inRange = (value: unknown) => ({ $and: [{ $gte: [value, range.from] }, { $lt: [value, range.to] }] });
    const missedBy = (due: string, done: unknown) => ({
      $and: [
        { $gte: [due, range.from] },
        { $lt: [due, until] },
        { $or: [{ $eq: [done, null] }, { $gt: [done, due] }] },
      ],
    });
    const ended = { $ifNull: ['$resolved_at', { $ifNull: ['$closed_at', null] }] };
    const firstResponse = { $ifNull: ['$sla.first_response_at', null] };
    const asCount = (condition: unknown) => ({ $sum: { $cond: [condition, 1, 0] } });
    const rows = await this.model
      .aggregate<{
        _id: { department: string | null; urgency: Urgency; assignee_id: Types.ObjectId | null };
        first_response_met: number;
        first_response_missed: number;
        resolution_met: number;
        resolution_missed: number;
      }>([
        {
          $match: {
            $or: [
              within('sla.first_response_at'),
              within('sla.first_response_due'),
              within('resolved_at'),
              within('closed_at'),
              within('sla.resolution_due'),
            ],
            'sla.started_at': { $type: 'date' },
          },
        },
        {
          $group: {
            _id: { department: '$department', urgency: '$urgency', assignee_id: '$assignee_id' },
            first_response_met: asCount({
              $and: [
                { $ne: [firstResponse, null] },
                inRange(firstResponse),
                { $lte: [firstResponse, '$sla.first_response_due'] },
              ],
            }),
            first_response_missed: asCount(missedBy('$sla.first_response_due', firstResponse)),
            resolution_met: asCount({
              $and: [{ $ne: [ended, null] }, inRange(ended), { $lte: [ended, '$sla.resolution_due'] }],
            }),
            resolution_missed: asCount(missedBy('$sla.resolution_due', ended)),
          },
        },
      ])
      .exec();
    return rows
      .map((row) => ({
        department: row._id.department ?? null,
        urgency: row._id.urgency,
        assignee_id: row._id.assignee_id ? row._id.assignee_id.toHexString() : null,
        first_response: { met: row.first_response_met, missed: row.first_response_missed },
        resolution: { met: row.resolution_met, missed: row.resolution_missed },
      }))
      .filter(
        (row) => row.first_response.met + row.first_response.missed + row.resolution.met + row.resolution.missed > 0,
      );
  }

  private async group(pipeline: PipelineStage[]): Promise<TicketCounts> {
    const rows = await this.model.aggregate<{ _id: unknown; n: number }>(pipeline).exec();
    return new Map(rows.map((row) => [String(row._id), row.n]));
  }
}

/** Tickets whose moment falls within the range: a match on that moment's indexed date field. */
function reached(moment: TicketMoment, range: InstantRange): QueryFilter<TicketDocument> {
  return { [MOMENT_FIELDS[moment].at]: { $gte: range.from, $lt: range.to } };
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model, type PipelineStage } from 'mongoose';
import { TicketDocument } from '../tickets/ticket.schema';
import type { DateRange } from './analytics-range';
import type { TopicText } from './trending-topics';

type Counts = Map<string, number>;

/** The date field and stored day of each lifecycle moment. */
const MOMENTS = {
  created: { at: 'created_at', day: 'created_day' },
  resolved: { at: 'resolved_at', day: 'resolved_day' },
  closed: { at: 'closed_at', day: 'closed_day' },
} as const;
export type Moment = keyof typeof MOMENTS;

/**
 * Read-only figures over tickets: $match, $group, $sort and $limit, every $match on an indexed
 * field. Percentiles and week buckets are computed in the service from what these return.
 */
@Injectable()
export class AnalyticsRepository {
  constructor(@InjectModel(TicketDocument.name) private readonly tickets: Model<TicketDocument>) {}

  /** Tickets by the value of `field` (null values under "null"), optionally within a match. */
  async countBy(field: 'status' | 'department' | 'urgency', match: Record<string, unknown> = {}): Promise<Counts> {
    return this.group([{ $match: match }, { $group: { _id: `$${field}`, n: { $sum: 1 } } }]);
  }

  async count(match: Record<string, unknown>): Promise<number> {
    return this.tickets.countDocuments(match).exec();
  }

  /** How many tickets reached the moment within the range. */
  async countAt(moment: Moment, range: DateRange): Promise<number> {
    return this.tickets.countDocuments(this.within(moment, range)).exec();
  }

  /** Per stored UTC day, how many tickets reached the moment within the range. */
  async countByDay(moment: Moment, range: DateRange): Promise<Counts> {
    return this.group([
      { $match: this.within(moment, range) },
      { $group: { _id: `$${MOMENTS[moment].day}`, n: { $sum: 1 } } },
    ]);
  }

  /** Per department (or "null"), how many tickets reached the moment within the range. */
  async countByDepartmentAt(moment: Moment, range: DateRange): Promise<Counts> {
    return this.group([{ $match: this.within(moment, range) }, { $group: { _id: '$department', n: { $sum: 1 } } }]);
  }

  /** Tickets created in the range, by department and current status. */
  async statusByDepartment(range: DateRange): Promise<Array<{ department: string; status: string; n: number }>> {
    const rows = await this.tickets
      .aggregate<{ _id: { department: string | null; status: string }; n: number }>([
        { $match: this.within('created', range) },
        { $group: { _id: { department: '$department', status: '$status' }, n: { $sum: 1 } } },
      ])
      .exec();
    return rows.map((row) => ({ department: String(row._id.department), status: row._id.status, n: row.n }));
  }

  /** Resolution durations of tickets resolved within the range, with what they are broken down by. */
  async resolutions(range: DateRange): Promise<Array<{ seconds: number; department: string; urgency: string }>> {
    const docs = await this.tickets
      .find(
        { ...this.within('resolved', range), resolution_seconds: { $ne: null } },
        {
          resolution_seconds: 1,
          department: 1,
          urgency: 1,
        },
      )
      .lean<Array<Pick<TicketDocument, 'resolution_seconds' | 'department' | 'urgency'>>>()
      .exec();
    return docs.map((doc) => ({
      seconds: doc.resolution_seconds!,
      department: String(doc.department),
      urgency: doc.urgency,
    }));
  }

  /** Tickets per requester created within the range, most first. */
  async ticketsPerUser(range: DateRange): Promise<Array<{ user_id: string; tickets: number }>> {
    const rows = await this.tickets
      .aggregate<{ _id: Types.ObjectId; n: number }>([
        { $match: this.within('created', range) },
        { $group: { _id: '$user_id', n: { $sum: 1 } } },
        { $sort: { n: -1, _id: 1 } },
      ])
      .exec();
    return rows.map((row) => ({ user_id: row._id.toHexString(), tickets: row.n }));
  }

  /** Requesters with tickets held for review (misuse_flag), with how many and the latest (the {misuse_flag, created_at} index). */
  async flaggedPerUser(): Promise<Array<{ user_id: string; flagged: number; last_flagged_at: Date }>> {
    const rows = await this.tickets
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
  async texts(range: DateRange, limit: number): Promise<TopicText[]> {
    const docs = await this.tickets
      .find(this.within('created', range), { title: 1, description: 1 })
      .sort({ created_at: -1 })
      .limit(limit)
      .lean<Array<Pick<TicketDocument, 'title' | 'description'>>>()
      .exec();
    return docs.map((doc) => ({ title: doc.title, description: doc.description }));
  }

  private within(moment: Moment, range: DateRange): Record<string, unknown> {
    return { [MOMENTS[moment].at]: { $gte: range.from, $lt: range.to } };
  }

  private async group(pipeline: PipelineStage[]): Promise<Counts> {
    const rows = await this.tickets.aggregate<{ _id: unknown; n: number }>(pipeline).exec();
    return new Map(rows.map((row) => [String(row._id), row.n]));
  }
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { outboxEvent, OutboxEventReader, type OutboxEvent, type WithOutboxEvents } from '../database/outbox';
import { utcDay } from '../common/utc-day';
import { isDuplicateKeyError } from '../database/duplicate-key';
import { MisuseReportDocument } from './misuse-report.schema';
import type { MisuseFinding, MisuseReportRecord, MisuseType } from './misuse.types';
import { countMatches } from '../database/count-matches';

type LeanReport = MisuseReportDocument & { _id: Types.ObjectId };

function toRecord(doc: LeanReport): MisuseReportRecord {
  return {
    id: doc._id.toHexString(),
    user_id: doc.user_id.toHexString(),
    detection_date: doc.detection_date,
    detection_day: doc.detection_day,
    misuse_type: doc.misuse_type,
    severity_level: doc.severity_level,
    evidence_data: doc.evidence_data,
    admin_reviewed: doc.admin_reviewed,
    action_taken: doc.action_taken ?? null,
    reviewed_by: doc.reviewed_by ? doc.reviewed_by.toHexString() : null,
    reviewed_at: doc.reviewed_at ?? null,
    ai_analysis_metadata: doc.ai_analysis_metadata,
    window_hours: doc.window_hours,
    created_at: doc.created_at,
    updated_at: doc.updated_at,
  };
}

export interface MisuseReportFilter {
  reviewed?: boolean;
  userId?: string;
  misuseType?: MisuseType;
}

export interface ReportWithWebhookEvents {
  report: MisuseReportRecord;
  events: OutboxEvent[];
}

@Injectable()
export class MisuseReportsRepository {
  private readonly outbox: OutboxEventReader<LeanReport>;

  constructor(@InjectModel(MisuseReportDocument.name) private readonly model: Model<MisuseReportDocument>) {
    this.outbox = new OutboxEventReader(model as unknown as Model<WithOutboxEvents>);
  }

  /**
   * The day's report of this user and type: created with its webhook event, or, on a rerun, its
   * evidence, severity and analysis refreshed (the review state is kept). `created` says which.
   */
  async record(
    userId: string,
    finding: MisuseFinding,
    windowHours: number,
    now: Date,
  ): Promise<{ report: MisuseReportRecord; created: boolean }> {
    const key = {
      user_id: new Types.ObjectId(userId),
      misuse_type: finding.misuse_type,
      detection_day: utcDay(now),
    };
    const refreshed = {
      detection_date: now,
      severity_level: finding.severity_level,
      evidence_data: finding.evidence_data,
      ai_analysis_metadata: {
        detection_confidence: finding.detection_confidence,
        model_reasoning: finding.model_reasoning,
        analysis_timestamp: now,
      },
      window_hours: windowHours,
    };
    const existing = await this.model.findOne(key).lean<LeanReport>().exec();
    if (existing) {
      // Unchanged evidence is not rewritten: fewer writes racing an admin's review of the report.
      const same =
        existing.severity_level === finding.severity_level &&
        existing.evidence_data.ticket_ids.join() === finding.evidence_data.ticket_ids.join();
      if (same) return { report: toRecord(existing), created: false };
      const updated = await this.model
        .findOneAndUpdate(key, { $set: refreshed }, { returnDocument: 'after' })
        .lean<LeanReport>()
        .exec();
      return { report: toRecord(updated ?? existing), created: false };
    }
    try {
      const created = await this.model.create({
        ...key,
        ...refreshed,
        admin_reviewed: false,
        webhook_events: [outboxEvent('on_misuse_detected', now)],
      });
      return { report: toRecord(created.toObject<LeanReport>()), created: true };
    } catch (error) {
      // Another run created it between the two steps: the unique index kept it single.
      if (!isDuplicateKeyError(error)) throw error;
      const again = await this.model
        .findOneAndUpdate(key, { $set: refreshed }, { returnDocument: 'after' })
        .lean<LeanReport>()
        .exec();
      return { report: toRecord(again!), created: false };
    }
  }

  async list(
    filter: MisuseReportFilter,
    skip: number,
    limit: number,
  ): Promise<{ reports: MisuseReportRecord[]; total: number }> {
    const query = {
      ...(filter.reviewed !== undefined ? { admin_reviewed: filter.reviewed } : {}),
      ...(filter.userId ? { user_id: new Types.ObjectId(filter.userId) } : {}),
      ...(filter.misuseType ? { misuse_type: filter.misuseType } : {}),
    };
    const [docs, total] = await Promise.all([
      this.model.find(query).sort({ detection_date: -1, _id: -1 }).skip(skip).limit(limit).lean<LeanReport[]>().exec(),
      countMatches(this.model, query),
    ]);
    return { reports: docs.map(toRecord), total };
  }

  async find(id: string): Promise<MisuseReportRecord | null> {
    const doc = await this.model.findById(new Types.ObjectId(id)).lean<LeanReport>().exec();
    return doc ? toRecord(doc) : null;
  }

  async markReviewed(
    id: string,
    adminId: string,
    actionTaken: string | null,
    now: Date,
  ): Promise<MisuseReportRecord | null> {
    const doc = await this.model
      .findByIdAndUpdate(
        new Types.ObjectId(id),
        {
          $set: {
            admin_reviewed: true,
            action_taken: actionTaken,
            reviewed_by: new Types.ObjectId(adminId),
            reviewed_at: now,
          },
        },
        { returnDocument: 'after' },
      )
      .lean<LeanReport>()
      .exec();
    return doc ? toRecord(doc) : null;
  }

  /** Users with reports nobody has reviewed yet (the analytics of flagged users). */
  /** Reports no admin has reviewed yet, on the {admin_reviewed, detection_date} index. */
  async countUnreviewed(): Promise<number> {
    return this.model.countDocuments({ admin_reviewed: false }).exec();
  }

  async unreviewedCountsByUser(): Promise<Map<string, number>> {
    const rows = await this.model
      .aggregate<{ _id: Types.ObjectId; count: number }>([
        { $match: { admin_reviewed: false } },
        { $group: { _id: '$user_id', count: { $sum: 1 } } },
      ])
      .exec();
    return new Map(rows.map((row) => [row._id.toHexString(), row.count]));
  }

  async *withWebhookEventsSince(from: Date): AsyncGenerator<ReportWithWebhookEvents> {
    for await (const doc of this.outbox.since(from)) yield { report: toRecord(doc), events: doc.webhook_events ?? [] };
  }

  async findWithWebhookEvents(id: string): Promise<ReportWithWebhookEvents | null> {
    const doc = await this.outbox.one(id);
    return doc ? { report: toRecord(doc), events: doc.webhook_events ?? [] } : null;
  }
}

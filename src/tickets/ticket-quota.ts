import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { AppError } from '../common/errors/app-error';
import { isDuplicateKeyError } from '../database/duplicate-key';

/**
 * The daily ticket quota as numbered slots: a user's n-th ticket claims slot n by inserting
 * {user_id, seq: n}, which a unique index lets exactly one request do. Slot n is allowed only if
 * slot n - limit was claimed over 24 hours ago, so at most `limit` claims fall in any trailing
 * 24 hours. No read-then-write can let a sixth ticket through: a request that read stale state
 * loses the insert and re-reads.
 */
@Schema({ collection: 'ticket_quota', versionKey: false })
export class TicketQuotaSlotDocument {
  @Prop({ type: Types.ObjectId, required: true }) user_id!: Types.ObjectId;
  @Prop({ type: Number, required: true }) seq!: number;
  @Prop({ type: Date, required: true }) claimed_at!: Date;
}

export const TicketQuotaSlotSchema = SchemaFactory.createForClass(TicketQuotaSlotDocument);
TicketQuotaSlotSchema.index({ user_id: 1, seq: 1 }, { unique: true });

export const QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Concurrent claims by one user each win one round; past this many lost rounds, give up politely. */
const MAX_CLAIM_ROUNDS = 50;

export type QuotaClaim = { granted: true } | { granted: false; retryAfterSeconds: number };

@Injectable()
export class TicketQuota {
  constructor(@InjectModel(TicketQuotaSlotDocument.name) private readonly slots: Model<TicketQuotaSlotDocument>) {}

  async claim(userId: string, limit: number, now: Date): Promise<QuotaClaim> {
    const user = new Types.ObjectId(userId);
    for (let round = 0; round < MAX_CLAIM_ROUNDS; round += 1) {
      const latest = await this.slots.findOne({ user_id: user }).sort({ seq: -1 }).lean().exec();
      const seq = latest ? latest.seq + 1 : 0;
      if (seq >= limit) {
        const boundary = await this.slots
          .findOne({ user_id: user, seq: seq - limit })
          .lean()
          .exec();
        const freesAt = boundary ? boundary.claimed_at.getTime() + QUOTA_WINDOW_MS : 0;
        if (freesAt > now.getTime()) return { granted: false, retryAfterSeconds: (freesAt - now.getTime()) / 1000 };
      }
      try {
        await this.slots.create({ user_id: user, seq, claimed_at: now });
      } catch (error) {
        if (isDuplicateKeyError(error)) continue;
        throw error;
      }
      // Slots below seq - limit + 1 can never be a boundary again.
      await this.slots.deleteMany({ user_id: user, seq: { $lte: seq - limit } }).exec();
      return { granted: true };
    }
    throw AppError.rateLimited('Too many simultaneous ticket submissions; try again', 1);
  }
}

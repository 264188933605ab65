import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../../database/duplicate-key';
import { LoginAttemptDocument } from './login-attempt.schema';

export interface OpenWindow {
  key: string;
  failures: number;
  windowEndsAt: Date;
}

/** Failure counts per key in fixed windows, in MongoDB so every instance shares them. */
@Injectable()
export class LoginAttemptsRepository {
  constructor(@InjectModel(LoginAttemptDocument.name) private readonly attempts: Model<LoginAttemptDocument>) {}

  async openWindows(keys: string[], now: Date): Promise<OpenWindow[]> {
    const docs = await this.attempts
      .find({ key: { $in: keys }, window_ends_at: { $gt: now } })
      .lean()
      .exec();
    return docs.map((doc) => ({ key: doc.key, failures: doc.failures, windowEndsAt: doc.window_ends_at }));
  }

  /** Counts one failure in the key's open window, or opens a new window of `windowMs`. */
  async increment(key: string, now: Date, windowMs: number): Promise<void> {
    const inWindow = await this.attempts
      .updateOne({ key, window_ends_at: { $gt: now } }, { $inc: { failures: 1 } })
      .exec();
    if (inWindow.matchedCount === 1) return;
    const windowEndsAt = new Date(now.getTime() + windowMs);
    const restarted = await this.attempts
      .updateOne({ key, window_ends_at: { $lte: now } }, { $set: { failures: 1, window_ends_at: windowEndsAt } })
      .exec();
    if (restarted.matchedCount === 1) return;
    try {
      await this.attempts.create({ key, failures: 1, window_ends_at: windowEndsAt });
    } catch (error) {
      // A concurrent failure created the window first: count this one in it.
      if (!isDuplicateKeyError(error)) throw error;
      await this.attempts.updateOne({ key }, { $inc: { failures: 1 } }).exec();
    }
  }

  /**
   * Clears one key and sweeps finished windows. (A TTL index would do the sweep in the server; the
   * existing `window_ends_at` index cannot become a TTL one without a migration.)
   */
  async clear(key: string, now: Date): Promise<void> {
    await this.attempts.deleteMany({ $or: [{ key }, { window_ends_at: { $lte: now } }] }).exec();
  }
}

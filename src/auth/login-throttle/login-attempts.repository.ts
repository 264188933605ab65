import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../../database/duplicate-key';
import { LoginAttemptDocument } from './login-attempt.schema';

/** One key's count in its fixed window, as it stood after the read or write that returned it. */
export interface CountWindow {
  key: string;
  failures: number;
  windowEndsAt: Date;
}

/** Concurrent openers of one window meet at the unique key; one more round always settles it. */
const MAX_INCREMENT_ROUNDS = 3;

/**
 * Failure counts per key in fixed windows, in MongoDB so every instance shares them. Every change
 * is one atomic single-document update ($inc, or a conditional reset of a finished window), so
 * simultaneous attempts on any instance are each counted.
 */
@Injectable()
export class LoginAttemptsRepository {
  constructor(@InjectModel(LoginAttemptDocument.name) private readonly attempts: Model<LoginAttemptDocument>) {}

  async openWindows(keys: string[], now: Date): Promise<CountWindow[]> {
    const docs = await this.attempts
      .find({ key: { $in: keys }, window_ends_at: { $gt: now } })
      .lean()
      .exec();
    return docs.map(toCountWindow);
  }

  /**
   * Adds one to the key's open window, or opens a window of `windowMs` holding one, and returns
   * the count including this one (so of N simultaneous callers exactly one sees each of 1..N).
   */
  async increment(key: string, now: Date, windowMs: number): Promise<CountWindow> {
    for (let round = 0; round < MAX_INCREMENT_ROUNDS; round += 1) {
      const inWindow = await this.attempts
        .findOneAndUpdate({ key, window_ends_at: { $gt: now } }, { $inc: { failures: 1 } }, { returnDocument: 'after' })
        .lean()
        .exec();
      if (inWindow) return toCountWindow(inWindow);
      const windowEndsAt = new Date(now.getTime() + windowMs);
      // Only one caller can move a finished window forward: the filter stops matching once it has.
      const restarted = await this.attempts
        .findOneAndUpdate(
          { key, window_ends_at: { $lte: now } },
          { $set: { failures: 1, window_ends_at: windowEndsAt } },
          { returnDocument: 'after' },
        )
        .lean()
        .exec();
      if (restarted) return toCountWindow(restarted);
      try {
        await this.attempts.create({ key, failures: 1, window_ends_at: windowEndsAt });
        return { key, failures: 1, windowEndsAt };
      } catch (error) {
        // Someone opened (or restarted) this key's window first: count this one in it, next round.
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new Error(`login_attempts: could not count an attempt for ${key} in ${MAX_INCREMENT_ROUNDS} rounds`);
  }

  /** Takes one back from exactly that window; a window that has ended since is left alone. */
  async decrement(window: CountWindow): Promise<void> {
    await this.attempts
      .updateOne(
        { key: window.key, window_ends_at: window.windowEndsAt, failures: { $gt: 0 } },
        { $inc: { failures: -1 } },
      )
      .exec();
  }

  /**
   * Clears the keys and sweeps finished windows. (A TTL index would do the sweep in the server; the
   * existing `window_ends_at` index cannot become a TTL one without a migration.)
   */
  async clear(keys: string[], now: Date): Promise<void> {
    await this.attempts.deleteMany({ $or: [{ key: { $in: keys } }, { window_ends_at: { $lte: now } }] }).exec();
  }
}

function toCountWindow(doc: LoginAttemptDocument): CountWindow {
  return { key: doc.key, failures: doc.failures, windowEndsAt: doc.window_ends_at };
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AppError } from '../../common/errors/app-error';
import { LoginAttemptDocument } from './login-attempt.schema';
import { isDuplicateKeyError } from '../../database/duplicate-key';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failures allowed per username in a window; guessing one account's password stops here. */
export const MAX_FAILURES_PER_USERNAME = 5;
/** Failures allowed per client address in a window; spraying many usernames stops here. */
export const MAX_FAILURES_PER_ADDRESS = 20;

/**
 * Counts failed sign-ins in MongoDB, so every instance behind a load balancer sees the same
 * counts (an in-memory throttler would let an attacker spread guesses across instances).
 */
@Injectable()
export class LoginThrottleService {
  constructor(@InjectModel(LoginAttemptDocument.name) private readonly attempts: Model<LoginAttemptDocument>) {}

  /** 429 RATE_LIMIT_EXCEEDED with Retry-After while either key is over its limit. */
  async assertAllowed(username: string, address: string, now: Date): Promise<void> {
    const limits = new Map([
      [usernameKey(username), MAX_FAILURES_PER_USERNAME],
      [addressKey(address), MAX_FAILURES_PER_ADDRESS],
    ]);
    const current = await this.attempts
      .find({ key: { $in: [...limits.keys()] }, window_ends_at: { $gt: now } })
      .lean()
      .exec();
    const blockedUntil = current
      .filter((attempt) => attempt.failures >= (limits.get(attempt.key) ?? Infinity))
      .map((attempt) => attempt.window_ends_at.getTime());
    if (blockedUntil.length > 0) {
      const retryAfterSeconds = (Math.max(...blockedUntil) - now.getTime()) / 1000;
      throw AppError.rateLimited('Too many failed sign-in attempts; try again later', retryAfterSeconds);
    }
  }

  async recordFailure(username: string, address: string, now: Date): Promise<void> {
    await Promise.all([this.increment(usernameKey(username), now), this.increment(addressKey(address), now)]);
  }

  /**
   * A successful sign-in clears the account's count (not the address's: it may be spraying), and
   * sweeps finished windows, as FerretDB has no TTL indexes to do it.
   */
  async recordSuccess(username: string, now: Date): Promise<void> {
    await this.attempts.deleteMany({ $or: [{ key: usernameKey(username) }, { window_ends_at: { $lte: now } }] }).exec();
  }

  private async increment(key: string, now: Date): Promise<void> {
    const inWindow = await this.attempts
      .updateOne({ key, window_ends_at: { $gt: now } }, { $inc: { failures: 1 } })
      .exec();
    if (inWindow.matchedCount === 1) return;
    const windowEndsAt = new Date(now.getTime() + LOGIN_WINDOW_MS);
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
}

function usernameKey(username: string): string {
  return `user:${username}`;
}

function addressKey(address: string): string {
  return `ip:${address}`;
}

import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { LoginAttemptsRepository } from './login-attempts.repository';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failures allowed per username in a window; guessing one account's password stops here. */
export const MAX_FAILURES_PER_USERNAME = 5;
/** Failures allowed per client address in a window; spraying many usernames stops here. */
export const MAX_FAILURES_PER_ADDRESS = 20;

/**
 * The sign-in throttle: counts live in MongoDB (LoginAttemptsRepository), so every instance
 * behind a load balancer sees the same counts; an in-memory throttler would let an attacker
 * spread guesses across instances.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly attempts: LoginAttemptsRepository) {}

  /** 429 RATE_LIMIT_EXCEEDED with Retry-After while either key is over its limit. */
  async assertAllowed(username: string, address: string, now: Date): Promise<void> {
    const limits = new Map([
      [usernameKey(username), MAX_FAILURES_PER_USERNAME],
      [addressKey(address), MAX_FAILURES_PER_ADDRESS],
    ]);
    const blockedUntil = (await this.attempts.openWindows([...limits.keys()], now))
      .filter((window) => window.failures >= (limits.get(window.key) ?? Infinity))
      .map((window) => window.windowEndsAt.getTime());
    if (blockedUntil.length > 0) {
      const retryAfterSeconds = (Math.max(...blockedUntil) - now.getTime()) / 1000;
      throw AppError.rateLimited('Too many failed sign-in attempts; try again later', retryAfterSeconds);
    }
  }

  async recordFailure(username: string, address: string, now: Date): Promise<void> {
    await Promise.all([
      this.attempts.increment(usernameKey(username), now, LOGIN_WINDOW_MS),
      this.attempts.increment(addressKey(address), now, LOGIN_WINDOW_MS),
    ]);
  }

  /** A successful sign-in clears the account's count (not the address's: it may be spraying). */
  async recordSuccess(username: string, now: Date): Promise<void> {
    await this.attempts.clear(usernameKey(username), now);
  }
}

function usernameKey(username: string): string {
  return `user:${username}`;
}

function addressKey(address: string): string {
  return `ip:${address}`;
}

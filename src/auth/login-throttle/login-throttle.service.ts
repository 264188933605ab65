import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { LoginAttemptsRepository, type CountWindow } from './login-attempts.repository';
import {
  LOGIN_WINDOW_MS,
  MAX_DELAYED_SIGN_INS,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_PAIR,
  MAX_FAILURES_PER_SESSION,
  throttleKeys,
  usernameDelayMs,
} from './login-throttle.policy';
import { Clock } from '../../common/clock/clock';

/** An attempt let through to its password check; its outcome goes back to the throttle. */
export interface ThrottleAdmission {
  /** This attempt, counted against its address while it is checked: a failure unless taken back. */
  readonly addressClaim: CountWindow;
  /** The counts a failure adds one to and a success clears. */
  readonly outcomeKeys: string[];
  /** How long the attempt waited before its check (the username's delay). */
  readonly delayedMs: number;
}

interface HardLimit {
  key: string;
  maxFailures: number;
}

const TOO_MANY_SIGN_INS = 'Too many failed sign-in attempts; try again later';
const TOO_MANY_PASSWORD_CHECKS = 'Too many wrong current passwords; try again later';
const TOO_MANY_WAITING = 'Too many sign-ins for this account are waiting; try again later';

/**
 * The sign-in throttle (rules in login-throttle.policy.ts). Counts live in MongoDB
 * (LoginAttemptsRepository), so every instance behind a load balancer sees the same ones; an
 * in-memory throttler would let an attacker spread guesses across instances.
 *
 * The address's count is claimed before the password is checked, so simultaneous attempts from
 * one address cannot overshoot its limit; that also bounds how far simultaneous attempts can
 * overshoot the pair and session limits, which are read before and counted after the check so
 * that simultaneous right passwords (one user, several tabs) are never refused.
 */
@Injectable()
export class LoginThrottleService {
  /** Sign-ins of this instance now waiting out a username's delay. */
  private waiting = 0;

  constructor(
    private readonly attempts: LoginAttemptsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Before a sign-in's password is checked: 429 RATE_LIMIT_EXCEEDED with Retry-After while its
   * (username, address) pair or its address is over its limit; otherwise waits out the
   * username's delay, which never refuses the right password.
   */
  async admitSignIn(username: string, address: string): Promise<ThrottleAdmission> {
    const usernameKey = throttleKeys.username(username);
    const pair: HardLimit = { key: throttleKeys.pair(username, address), maxFailures: MAX_FAILURES_PER_PAIR };
    const { addressClaim, windows } = await this.claimWithinLimits(address, [pair], [usernameKey], TOO_MANY_SIGN_INS);

    const delayedMs = usernameDelayMs(windows.find((w) => w.key === usernameKey)?.failures ?? 0);
    if (delayedMs > 0) {
      // Each wait holds a connection; past the bound an attacker would queue without end.
      if (this.waiting >= MAX_DELAYED_SIGN_INS) {
        await this.attempts.decrement(addressClaim);
        throw AppError.rateLimited(TOO_MANY_WAITING, delayedMs / 1000);
      }
      this.waiting += 1;
      try {
        await this.clock.sleep(delayedMs);
      } finally {
        this.waiting -= 1;
      }
    }
    return { addressClaim, outcomeKeys: [pair.key, usernameKey], delayedMs };
  }

  /**
   * Before `POST /auth/change-password` checks the current password: the session's own limit
   * (a stolen access token guesses no further, and the owner's other sessions are unaffected)
   * and the address's, shared with sign-in. Nothing here touches the username's sign-in counts.
   */
  async admitPasswordCheck(sessionId: string, address: string): Promise<ThrottleAdmission> {
    const session: HardLimit = { key: throttleKeys.session(sessionId), maxFailures: MAX_FAILURES_PER_SESSION };
    const { addressClaim } = await this.claimWithinLimits(address, [session], [], TOO_MANY_PASSWORD_CHECKS);
    return { addressClaim, outcomeKeys: [session.key], delayedMs: 0 };
  }

  /** The password was wrong: the address keeps its claim, the other counts gain one each. */
  async recordFailure(admission: ThrottleAdmission): Promise<void> {
    const now = this.clock.now();
    await Promise.all(admission.outcomeKeys.map((key) => this.attempts.increment(key, now, LOGIN_WINDOW_MS)));
  }

  /**
   * The password was right: its pair (or session) and username counts end, and the address's
   * claim is taken back, but not the address's earlier failures: it may be spraying other names.
   */
  async recordSuccess(admission: ThrottleAdmission): Promise<void> {
    await Promise.all([
      this.attempts.clear(admission.outcomeKeys, this.clock.now()),
      this.attempts.decrement(admission.addressClaim),
    ]);
  }

  /**
   * Claims one attempt on the address and reads the other counts in the same round trip; refuses
   * (taking the claim back, so refused attempts cost nothing) when any hard limit is reached.
   * Retry-After is when the last of the limits that refused ends.
   */
  private async claimWithinLimits(
    address: string,
    limits: HardLimit[],
    alsoRead: string[],
    refusal: string,
  ): Promise<{ addressClaim: CountWindow; windows: CountWindow[] }> {
    const now = this.clock.now();
    const [addressClaim, windows] = await Promise.all([
      this.attempts.increment(throttleKeys.address(address), now, LOGIN_WINDOW_MS),
      this.attempts.openWindows([...limits.map((limit) => limit.key), ...alsoRead], now),
    ]);
    const refusedUntil = limits
      .map((limit) => windows.find((w) => w.key === limit.key && w.failures >= limit.maxFailures))
      .filter((window): window is CountWindow => window !== undefined)
      .map((window) => window.windowEndsAt.getTime());
    if (addressClaim.failures > MAX_FAILURES_PER_ADDRESS) refusedUntil.push(addressClaim.windowEndsAt.getTime());
    if (refusedUntil.length > 0) {
      await this.attempts.decrement(addressClaim);
      throw AppError.rateLimited(refusal, (Math.max(...refusedUntil) - now.getTime()) / 1000);
    }
    return { addressClaim, windows };
  }
}

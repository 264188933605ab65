import { Injectable } from '@nestjs/common';

/**
 * The time features read when time decides something (throttle windows and delays, analytics
 * buckets and cache lifetimes): one provider, so a spec moves it instead of waiting.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /**
   * A timer, not a busy wait: while a caller waits the event loop serves everyone else (a
   * delayed sign-in holds no argon2 thread: the password is checked only after the wait).
   */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}

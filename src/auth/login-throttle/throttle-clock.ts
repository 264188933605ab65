import { Injectable } from '@nestjs/common';

/**
 * Time as the sign-in throttle sees it: when windows open and end, and how a delayed sign-in
 * waits. One provider, so a spec can read and release delays instead of sleeping through them.
 */
@Injectable()
export class ThrottleClock {
  now(): Date {
    return new Date();
  }

  /**
   * A timer, not a busy wait: while a sign-in waits the event loop serves everyone else and no
   * argon2 thread is held (the password is checked only after the wait).
   */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}

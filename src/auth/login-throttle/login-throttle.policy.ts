/**
 * The sign-in throttle's rules, after OWASP's Authentication and Credential Stuffing cheat sheets:
 * hard limits only where the attacker's own address is part of the key, and for the username
 * alone a growing delay rather than a lock, so nobody can keep an account out by failing on
 * purpose. Pure: the service applies these to the counts it keeps in MongoDB.
 */

/** Every count lives in a fixed window opened by its first failure. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** Failures of one username from one address: guessing one account from one place stops here. */
export const MAX_FAILURES_PER_PAIR = 5;
/**
 * Failures from one address across usernames: spraying stops here. The only limit that counts
 * attempts while they are being checked, so simultaneous guesses cannot overshoot it, and with it
 * every other count from that address.
 */
export const MAX_FAILURES_PER_ADDRESS = 20;
/** Wrong current passwords through one session: a stolen access token guesses no further. */
export const MAX_FAILURES_PER_SESSION = 5;

/** Failures of a username (from anywhere) before its sign-ins start to wait. */
export const FREE_FAILURES_PER_USERNAME = 5;
/** The first wait; each further failure doubles it. */
export const USERNAME_DELAY_FIRST_MS = 1000;
/** The longest wait: well inside the 30-60 s after which clients and proxies give up. */
export const USERNAME_DELAY_CAP_MS = 16_000;
/**
 * Sign-ins one instance lets wait at a time. A wait is a timer (no thread, no CPU), but each one
 * holds a connection; past this an attempt is answered 429 at once instead of queueing.
 */
export const MAX_DELAYED_SIGN_INS = 100;

/**
 * How long a sign-in for a username waits before its password is checked, given the failures
 * that username has in its window: nothing for the first five, then 1 s, 2 s, 4 s, 8 s and 16 s
 * from then on. The right password waits the same and then signs in.
 */
export function usernameDelayMs(failures: number): number {
  if (failures < FREE_FAILURES_PER_USERNAME) return 0;
  const doublings = failures - FREE_FAILURES_PER_USERNAME;
  // 2 ** doublings overflows to Infinity long before it matters; the cap holds either way.
  return Math.min(USERNAME_DELAY_FIRST_MS * 2 ** doublings, USERNAME_DELAY_CAP_MS);
}

/** Keys of the counts in `login_attempts`. Addresses hold no space, so the pair key is unambiguous. */
export const throttleKeys = {
  username: (username: string) => `user:${username}`,
  address: (address: string) => `ip:${address}`,
  pair: (username: string, address: string) => `pair:${address} ${username}`,
  session: (sessionId: string) => `session:${sessionId}`,
};

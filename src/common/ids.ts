import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `<PREFIX>-<unix ms>-<6 upper-case alphanumerics>` (SPEC §3: TKT- tickets, NOT- notifications, KB- documents). */
export function timestampedId(prefix: string, now: Date = new Date()): string {
  let suffix = '';
  for (let i = 0; i < 6; i += 1) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `${prefix}-${now.getTime()}-${suffix}`;
}

/**
 * The ids `timestampedId` makes, as a pattern (`[0-9]` rather than `\d`, which other languages'
 * regular expressions read as any Unicode digit: the pattern is also published in the OpenAPI document).
 */
export function timestampedIdPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}-[0-9]{13,}-[A-Z0-9]{6}$`);
}

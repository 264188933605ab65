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
 * regular expressions read as any Unicode digit: the pattern is also published in the OpenAPI
 * document). Milliseconds have 13 digits until the year 2286; the bound of 16 keeps every valid
 * id far below the router's 100-character limit on a path parameter.
 */
export function timestampedIdPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}-[0-9]{13,16}-[A-Z0-9]{6}$`);
}

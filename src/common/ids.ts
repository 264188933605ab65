import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `<PREFIX>-<unix ms>-<6 upper-case alphanumerics>` (SPEC §3: TKT- tickets, NOT- notifications, KB- documents). */
export function timestampedId(prefix: string, now: Date = new Date()): string {
  let suffix = '';
  for (let i = 0; i < 6; i += 1) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `${prefix}-${now.getTime()}-${suffix}`;
}

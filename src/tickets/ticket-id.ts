import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const TICKET_ID_PATTERN = /^TKT-\d{13,}-[A-Z0-9]{6}$/;

/** `TKT-<unix ms>-<6 upper-case alphanumerics>`: readable over the phone, unique by index. */
export function newTicketId(now: Date = new Date()): string {
  let suffix = '';
  for (let i = 0; i < 6; i += 1) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `TKT-${now.getTime()}-${suffix}`;
}

import { timestampedId } from '../common/ids';

export const TICKET_ID_PATTERN = /^TKT-\d{13,}-[A-Z0-9]{6}$/;

/** `TKT-<unix ms>-<6 upper-case alphanumerics>`: readable over the phone, unique by index. */
export function newTicketId(now: Date = new Date()): string {
  return timestampedId('TKT', now);
}

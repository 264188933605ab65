import { ValidateBy } from 'class-validator';
import { isObjectIdString } from '../common/http/object-id.pipe';
import { timestampedId } from '../common/ids';

export const TICKET_ID_PATTERN = /^TKT-\d{13,}-[A-Z0-9]{6}$/;

/** `TKT-<unix ms>-<6 upper-case alphanumerics>`: readable over the phone, unique by index. */
export function newTicketId(now: Date = new Date()): string {
  return timestampedId('TKT', now);
}

/**
 * The one rule for naming a ticket, wherever a client names one (REST paths, request bodies,
 * socket payloads): its `TKT-…` id, or its ObjectId as 24 hex digits in either case. An ObjectId
 * is a number written in hex, so `6B0F…` and `6b0f…` are the same ticket; the `TKT-…` id is
 * stored as issued and matched exactly.
 */
export function isTicketRef(value: unknown): value is string {
  return isObjectIdString(value) || (typeof value === 'string' && TICKET_ID_PATTERN.test(value));
}

/** `isTicketRef` for DTO fields (request bodies and socket payloads). */
export function IsTicketRef(): PropertyDecorator {
  return ValidateBy({
    name: 'isTicketRef',
    validator: {
      validate: (value: unknown) => isTicketRef(value),
      defaultMessage: (args) => `${args?.property ?? 'ticket_id'} must be a ticket_id (TKT-…) or an ObjectId`,
    },
  });
}

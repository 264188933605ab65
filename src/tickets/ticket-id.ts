import type { SchemaObject } from '@nestjs/swagger';
import type { ValidationArguments } from 'class-validator';
import { isObjectIdString, OBJECT_ID_PATTERN } from '../common/http/object-id.pipe';
import { DocumentedRule } from '../common/http/openapi/documented-rule';
import { timestampedId, timestampedIdPattern } from '../common/ids';

export const TICKET_ID_PATTERN = timestampedIdPattern('TKT');

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

const unanchored = (pattern: RegExp) => pattern.source.slice(1, -1);

/** `isTicketRef` as the OpenAPI document states it, for paths and bodies alike. */
export const TICKET_REF_SCHEMA: SchemaObject = {
  type: 'string',
  pattern: `^(?:${unanchored(OBJECT_ID_PATTERN)}|${unanchored(TICKET_ID_PATTERN)})$`,
  description: 'The ticket_id (TKT-<ms>-<6 characters>) or the ObjectId (24 hex digits)',
};

/** `isTicketRef` for DTO fields (request bodies and socket payloads). */
export function IsTicketRef(): PropertyDecorator {
  return DocumentedRule({
    name: 'isTicketRef',
    schema: { type: TICKET_REF_SCHEMA.type, pattern: TICKET_REF_SCHEMA.pattern },
    validate: isTicketRef,
    message: (args?: ValidationArguments) =>
      `${args?.property ?? 'ticket_id'} must be a ticket_id (TKT-…) or an ObjectId`,
  });
}

import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { isTicketRef, TICKET_REF_SCHEMA } from './ticket-id';

/** A ticket is addressed by its `TKT-…` id or its ObjectId; anything else is a malformed request. */
@Injectable()
export class TicketIdPipe implements PipeTransform<unknown, string> {
  /** The document gives every path parameter this pipe checks the same rule (common/http/openapi). */
  static readonly openApiSchema = TICKET_REF_SCHEMA;

  transform(value: unknown): string {
    if (isTicketRef(value)) return value;
    throw AppError.validation('The id must be a ticket_id (TKT-…) or an ObjectId', { field: 'id' });
  }
}

import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { isObjectIdString } from '../common/http/object-id.pipe';
import { TICKET_ID_PATTERN } from './ticket-id';

/** A ticket is addressed by its `TKT-…` id or its ObjectId; anything else is a malformed request. */
@Injectable()
export class TicketIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value === 'string' && (isObjectIdString(value) || TICKET_ID_PATTERN.test(value))) return value;
    throw AppError.validation('The id must be a ticket_id (TKT-…) or an ObjectId', { field: 'id' });
  }
}

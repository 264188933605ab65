import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { isTicketRef } from './ticket-id';

/** A ticket is addressed by its `TKT-…` id or its ObjectId; anything else is a malformed request. */
@Injectable()
export class TicketIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (isTicketRef(value)) return value;
    throw AppError.validation('The id must be a ticket_id (TKT-…) or an ObjectId', { field: 'id' });
  }
}

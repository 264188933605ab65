import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AppError } from '../common/errors/app-error';
import { ticketRefusal } from './ticket-refusal';
import { decideTicketAction, type TicketAction } from './ticket.policy';
import type { TicketRecord } from './ticket.types';
import { TicketsRepository } from './tickets.repository';

/**
 * A ticket as a caller may act on it: loaded, and the policy asked. The one door every feature
 * goes through to a ticket (REST, chat, the assistant, staffing, deletion).
 */
@Injectable()
export class TicketAccess {
  constructor(private readonly tickets: TicketsRepository) {}

  /** 404 when the caller may not see it (nor learn that it exists), else the policy's answer. */
  async authorize(caller: AuthenticatedUser, id: string, action: TicketAction): Promise<TicketRecord> {
    const ticket = await this.tickets.findByAnyId(id);
    if (!ticket) throw AppError.notFound('Ticket');
    const decision = decideTicketAction(caller, ticket, action);
    if (decision.outcome !== 'allow') throw ticketRefusal(decision);
    return ticket;
  }
}

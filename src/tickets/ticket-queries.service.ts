import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { buildPagination, skipFor } from '../common/http/pagination';
import { MessagesRepository } from '../messages/messages.repository';
import type { ListTicketsQueryDto } from './dto/ticket-requests.dto';
import {
  TICKET_VIEW_MESSAGES,
  toTicketResponse,
  type TicketListResponseDto,
  type TicketWithMessagesDto,
} from './dto/ticket-response.dto';
import { TicketAccess } from './ticket-access.service';
import { DeletedTicketsRepository } from './deleted-tickets.repository';
import { agentDepartment } from './ticket.policy';
import { TicketsRepository, type TicketListFilter } from './tickets.repository';
import { toMessageResponse } from '../messages/dto/message-response.dto';
import { toHistoryEntryDto, type TicketHistoryDto } from './history/dto/ticket-history.dto';
import { visibleHistory } from './history/ticket-history';

/** Reading tickets: the caller's list (scoped by role) and one ticket with the newest of its conversation. */
@Injectable()
export class TicketQueries {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly messages: MessagesRepository,
    private readonly access: TicketAccess,
    private readonly deleted: DeletedTicketsRepository,
    private readonly clock: Clock,
  ) {}

  async list(caller: AuthenticatedUser, query: ListTicketsQueryDto): Promise<TicketListResponseDto> {
    if (caller.role !== 'admin' && (query.user_id !== undefined || query.misuse_flag !== undefined)) {
      throw AppError.forbidden('Only admins may filter by user_id or misuse_flag');
    }
    const department = agentDepartment(caller.role);
    // Service levels are the desk's targets, not a promise to the employee: a requester never sees them.
    if (query.sla !== undefined && caller.role !== 'admin' && !department) {
      throw AppError.forbidden('Only agents and admins may filter by sla');
    }
    const filter: TicketListFilter = {
      scope:
        caller.role === 'admin'
          ? { kind: 'all' }
          : department
            ? { kind: 'agent', userId: caller.id, department }
            : { kind: 'requester', userId: caller.id },
      status: query.status,
      department: query.department,
      userId: query.user_id?.toLowerCase(),
      misuseFlag: query.misuse_flag,
      search: query.search,
      sla: query.sla === undefined ? undefined : { kind: query.sla, now: this.clock.now() },
    };
    const page = await this.tickets.list(filter, skipFor(query.page, query.limit), query.limit);
    return {
      tickets: page.tickets.map((ticket) => toTicketResponse(ticket, caller.role)),
      total_count: page.total,
      total_count_capped: page.totalCapped,
      pagination: { ...buildPagination(page.total, query.page, query.limit), has_next: page.hasNext },
    };
  }

  async get(caller: AuthenticatedUser, id: string): Promise<TicketWithMessagesDto> {
    const ticket = await this.access.authorize(caller, id, 'view');
    // The newest turns, not the oldest: a long ticket opens where its conversation stands now.
    const { messages, total } = await this.messages.latest(ticket.id, TICKET_VIEW_MESSAGES);
    return {
      ...toTicketResponse(ticket, caller.role),
      messages: messages.map(toMessageResponse),
      message_count: total,
      has_earlier_messages: total > messages.length,
    };
  }

  /**
   * Who may see the ticket may see its history; the requester without the AI's verdicts. A deleted
   * ticket's history stays with the record of its deletion, which admins alone may read.
   */
  async history(caller: AuthenticatedUser, id: string): Promise<TicketHistoryDto> {
    const deleted = caller.role === 'admin' ? await this.deleted.history(id) : null;
    const entries = deleted ?? (await this.tickets.history((await this.access.authorize(caller, id, 'view')).id));
    if (!entries) throw AppError.notFound('Ticket');
    return { entries: visibleHistory(entries, caller.role).map(toHistoryEntryDto) };
  }
}

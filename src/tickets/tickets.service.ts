import { Inject, Injectable } from '@nestjs/common';
import {
  DEPARTMENT_ROUTER,
  HARM_SCREEN,
  type Department,
  type DepartmentRouter,
  type HarmScreen,
  type TicketText,
} from '../ai/ai.ports';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AppError } from '../common/errors/app-error';
import { DomainEventBus } from '../common/events/domain-events';
import { buildPagination, skipFor } from '../common/http/pagination';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MessagesRepository } from '../messages/messages.repository';
import { UsersRepository } from '../users/users.repository';
import type {
  CreateTicketDto,
  ListTicketsQueryDto,
  ResolveTicketDto,
  TicketFeedbackDto,
  UpdateTicketDto,
} from './dto/ticket-requests.dto';
import {
  toMessageResponse,
  toTicketResponse,
  type TicketListResponseDto,
  type TicketResponseDto,
  type TicketWithMessagesDto,
} from './dto/ticket-response.dto';
import { TicketAssignment } from './ticket-assignment';
import { TicketQuota } from './ticket-quota';
import { agentDepartment, decideTicketAction, type TicketAction } from './ticket.policy';
import type { TicketAiRecord, TicketRecord } from './ticket.types';
import { TicketsRepository, type TicketChanges, type TicketListFilter } from './tickets.repository';

@Injectable()
export class TicketsService {
  private readonly logger: AppLogger;

  constructor(
    private readonly tickets: TicketsRepository,
    private readonly messages: MessagesRepository,
    private readonly users: UsersRepository,
    private readonly quota: TicketQuota,
    private readonly assignment: TicketAssignment,
    private readonly events: DomainEventBus,
    @Inject(HARM_SCREEN) private readonly harmScreen: HarmScreen,
    @Inject(DEPARTMENT_ROUTER) private readonly router: DepartmentRouter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'tickets' });
  }

  /** SPEC §4, in order: rate limit → harm screen → routing → assignment → save → on_ticket_created. */
  async create(caller: AuthenticatedUser, dto: CreateTicketDto): Promise<TicketResponseDto> {
    const now = new Date();
    const claim = await this.quota.claim(caller.id, this.config.ticketsPerDay, now);
    if (!claim.granted) {
      await this.users.setRateLimitReset(caller.id, new Date(now.getTime() + claim.retryAfterSeconds * 1000));
      throw AppError.rateLimited(
        `You can create ${this.config.ticketsPerDay} tickets in 24 hours; try again later`,
        claim.retryAfterSeconds,
      );
    }

    const text = { title: dto.title, description: dto.description };
    const screening = await this.harmScreen.screen(text);
    let ticket: TicketRecord;
    if (screening.is_harmful) {
      ticket = await this.tickets.create(
        {
          ...text,
          urgency: dto.urgency ?? 'medium',
          status: 'open',
          department: null,
          assignee_id: null,
          assigned_at: null,
          user_id: caller.id,
          misuse_flag: true,
          ai: { screening, routing: null },
        },
        now,
      );
    } else {
      const routing = await this.router.route(text);
      const agentId = await this.assignment.pickAgent(routing.department, now);
      ticket = await this.tickets.create(
        {
          ...text,
          urgency: dto.urgency ?? 'medium',
          status: agentId ? 'assigned' : 'open',
          department: routing.department,
          assignee_id: agentId,
          assigned_at: agentId ? now : null,
          user_id: caller.id,
          misuse_flag: false,
          ai: { screening, routing },
        },
        now,
      );
    }

    this.logger.info(
      {
        user_id: caller.id,
        data: {
          ticket_id: ticket.ticket_id,
          status: ticket.status,
          department: ticket.department,
          flagged: ticket.misuse_flag,
        },
      },
      'ticket_created',
    );
    this.events.publish('on_ticket_created', { ticket });
    if (ticket.misuse_flag) this.events.publish('ticket_flagged', { ticket });
    if (ticket.assignee_id)
      this.events.publish('ticket_assigned', {
        ticket,
        agent_id: ticket.assignee_id,
        previous_agent_id: null,
        cause: 'intake',
      });
    return toTicketResponse(ticket, caller.role);
  }

  async list(caller: AuthenticatedUser, query: ListTicketsQueryDto): Promise<TicketListResponseDto> {
    if (caller.role !== 'admin' && (query.user_id !== undefined || query.misuse_flag !== undefined)) {
      throw AppError.forbidden('Only admins may filter by user_id or misuse_flag');
    }
    const department = agentDepartment(caller.role);
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
    };
    const { tickets, total } = await this.tickets.list(filter, skipFor(query.page, query.limit), query.limit);
    return {
      tickets: tickets.map((ticket) => toTicketResponse(ticket, caller.role)),
      total_count: total,
      pagination: buildPagination(total, query.page, query.limit),
    };
  }

  async get(caller: AuthenticatedUser, id: string): Promise<TicketWithMessagesDto> {
    const ticket = await this.authorize(caller, id, 'view');
    const messages = await this.messages.listForTicket(ticket.id);
    return { ...toTicketResponse(ticket, caller.role), messages: messages.map(toMessageResponse) };
  }

  async update(caller: AuthenticatedUser, id: string, dto: UpdateTicketDto): Promise<TicketResponseDto> {
    const before = await this.authorize(caller, id, 'view');
    let ticket = before;
    const editsContent = dto.title !== undefined || dto.description !== undefined || dto.urgency !== undefined;
    const movesDepartment =
      dto.department !== undefined && (dto.department !== ticket.department || ticket.misuse_flag);

    if (editsContent) ticket = await this.editContent(caller, ticket, dto);
    if (movesDepartment) ticket = await this.changeDepartment(caller, ticket, dto.department!);
    if (dto.status !== undefined && dto.status !== ticket.status) {
      if (dto.status === 'resolved') ticket = await this.resolveTicket(caller, ticket, undefined);
      else if (dto.status === 'closed') ticket = await this.closeTicket(caller, ticket);
      else throw AppError.conflict(`A ticket cannot be moved from ${ticket.status} to ${dto.status}`);
    }
    if (ticket !== before) this.events.publish('ticket_changed', { before, ticket, actor_id: caller.id });
    return toTicketResponse(ticket, caller.role);
  }

  async resolve(caller: AuthenticatedUser, id: string, dto: ResolveTicketDto): Promise<TicketResponseDto> {
    const ticket = await this.authorize(caller, id, 'view');
    return toTicketResponse(await this.resolveTicket(caller, ticket, dto.feedback), caller.role);
  }

  async close(caller: AuthenticatedUser, id: string): Promise<TicketResponseDto> {
    const ticket = await this.authorize(caller, id, 'view');
    return toTicketResponse(await this.closeTicket(caller, ticket), caller.role);
  }

  async rate(caller: AuthenticatedUser, id: string, dto: TicketFeedbackDto): Promise<TicketResponseDto> {
    const ticket = await this.authorize(caller, id, 'rate');
    const updated = await this.apply(ticket, { feedback: dto.feedback });
    return toTicketResponse(updated, caller.role);
  }

  /** Loads the ticket and asks the policy; 404 when the caller may not see it. Used by chat too. */
  async authorize(caller: AuthenticatedUser, id: string, action: TicketAction): Promise<TicketRecord> {
    const ticket = await this.tickets.findByAnyId(id);
    if (!ticket) throw AppError.notFound('Ticket');
    this.enforce(caller, ticket, action);
    return ticket;
  }

  private enforce(caller: AuthenticatedUser, ticket: TicketRecord, action: TicketAction): void {
    const decision = decideTicketAction(caller, ticket, action);
    if (decision.outcome === 'not_found') throw AppError.notFound('Ticket');
    if (decision.outcome === 'forbidden') throw AppError.forbidden(decision.message);
    if (decision.outcome === 'conflict') throw AppError.conflict(decision.message);
  }

  /** Writes the change if the status did not move meanwhile (then 409: the caller saw a stale ticket). */
  private async apply(
    ticket: TicketRecord,
    changes: TicketChanges,
    webhook?: 'on_ticket_resolved' | 'on_ticket_closed',
  ): Promise<TicketRecord> {
    const updated = await this.tickets.update(ticket.id, ticket.status, changes, webhook);
    if (!updated) throw AppError.conflict('The ticket changed meanwhile; reload it and try again');
    return updated;
  }

  /** Edited text is screened again: what was harmless can be edited into something that is not. */
  private async editContent(
    caller: AuthenticatedUser,
    ticket: TicketRecord,
    dto: UpdateTicketDto,
  ): Promise<TicketRecord> {
    this.enforce(caller, ticket, 'edit_content');
    const text: TicketText = { title: dto.title ?? ticket.title, description: dto.description ?? ticket.description };
    const changes: TicketChanges = { ...text, urgency: dto.urgency ?? ticket.urgency };
    const textChanged = text.title !== ticket.title || text.description !== ticket.description;
    const screening = textChanged ? await this.harmScreen.screen(text) : ticket.ai.screening;
    const nowFlagged = screening.is_harmful && !ticket.misuse_flag;
    if (textChanged) {
      changes.ai = { screening, routing: screening.is_harmful ? null : ticket.ai.routing };
      if (screening.is_harmful) Object.assign(changes, { misuse_flag: true, department: null });
    }
    const updated = await this.apply(ticket, changes);
    if (nowFlagged) this.events.publish('ticket_flagged', { ticket: updated });
    return updated;
  }

  /**
   * Only open tickets move (no agent holds them). The new department's agents get the ticket as
   * at creation; on a flagged ticket an admin's choice is the review that releases it.
   */
  private async changeDepartment(
    caller: AuthenticatedUser,
    ticket: TicketRecord,
    department: Department,
  ): Promise<TicketRecord> {
    this.enforce(caller, ticket, 'change_department');
    const now = new Date();
    const releasing = ticket.misuse_flag;
    const agentId = await this.assignment.pickAgent(department, now);
    const routing: TicketAiRecord['routing'] = {
      department,
      reason: releasing ? `Released on review by admin ${caller.id}` : `Set by ${caller.role} ${caller.id}`,
      provider: 'manual',
    };
    const updated = await this.apply(ticket, {
      department,
      ai: { screening: ticket.ai.screening, routing },
      status: agentId ? 'assigned' : 'open',
      assignee_id: agentId,
      assigned_at: agentId ? now : null,
      ...(releasing ? { misuse_flag: false, flag_review: { reviewed_by: caller.id, reviewed_at: now } } : {}),
    });
    this.logger.info(
      {
        user_id: caller.id,
        data: { ticket_id: ticket.ticket_id, department, released: releasing, assignee_id: agentId },
      },
      'ticket_department_changed',
    );
    if (releasing) this.events.publish('ticket_released', { ticket: updated, admin_id: caller.id });
    if (agentId) {
      this.events.publish('ticket_status_changed', {
        ticket: updated,
        old_status: 'open',
        new_status: 'assigned',
        actor_id: caller.id,
      });
      this.events.publish('ticket_assigned', {
        ticket: updated,
        agent_id: agentId,
        previous_agent_id: ticket.assignee_id,
        cause: 'department_change',
      });
    }
    return updated;
  }

  private async resolveTicket(
    caller: AuthenticatedUser,
    ticket: TicketRecord,
    feedback: string | undefined,
  ): Promise<TicketRecord> {
    this.enforce(caller, ticket, 'resolve');
    const now = new Date();
    const updated = await this.apply(
      ticket,
      {
        status: 'resolved',
        resolved_at: now,
        resolution_seconds: Math.round((now.getTime() - ticket.created_at.getTime()) / 1000),
        ...(feedback !== undefined ? { feedback } : {}),
      },
      'on_ticket_resolved',
    );
    this.publishMove(ticket, updated, caller, 'on_ticket_resolved');
    return updated;
  }

  private async closeTicket(caller: AuthenticatedUser, ticket: TicketRecord): Promise<TicketRecord> {
    this.enforce(caller, ticket, 'close');
    const updated = await this.apply(ticket, { status: 'closed', closed_at: new Date() }, 'on_ticket_closed');
    this.publishMove(ticket, updated, caller, 'on_ticket_closed');
    return updated;
  }

  /** A lifecycle move: the generic status change, then the named domain event. */
  private publishMove(
    before: TicketRecord,
    after: TicketRecord,
    caller: AuthenticatedUser,
    event: 'on_ticket_resolved' | 'on_ticket_closed',
  ): void {
    this.events.publish('ticket_status_changed', {
      ticket: after,
      old_status: before.status,
      new_status: after.status,
      actor_id: caller.id,
    });
    this.events.publish(event, { ticket: after, actor_id: caller.id });
  }
}

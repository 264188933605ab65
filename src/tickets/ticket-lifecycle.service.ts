import { SlaPolicyService } from '../sla/sla-policy.service';
import { restartResolution } from '../sla/ticket-sla';
import { historyActor } from './history/ticket-history';
import { Inject, Injectable } from '@nestjs/common';
import { HARM_SCREEN, type HarmScreen, type ScreeningVerdict, type TicketText } from '../ai/ai.ports';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainEventBus } from '../events/domain-events';
import { MessagesRepository } from '../messages/messages.repository';
import type { ReopenTicketDto, ResolveTicketDto, TicketFeedbackDto, UpdateTicketDto } from './dto/ticket-requests.dto';
import { toTicketResponse, type RequesterTicketDto, type TicketResponseDto } from './dto/ticket-response.dto';
import { TicketAccess } from './ticket-access.service';
import { TicketAssignment } from './ticket-assignment.service';
import { historyFull, changedMeanwhile, ticketRefusal } from './ticket-refusal';
import { planTicketUpdate, resolution, type LifecycleEvent, type TicketUpdatePlan } from './ticket-update';
import { decideReopenWindow, decideTicketAction, decideTicketUpdate, type TicketUpdateRequest } from './ticket.policy';
import type { TicketRecord } from './ticket.types';
import { TicketsRepository, type TicketChanges, type TicketCounters } from './tickets.repository';

@Injectable()
/**
 * Changes to a ticket after intake: edits and moves (PUT), resolve, close, rating, reopen. Each is
 * decided by the ticket policy, written conditionally on the ticket as it was decided on, then announced.
 */
export class TicketLifecycle {
  private readonly logger: AppLogger;

  constructor(
    private readonly tickets: TicketsRepository,
    private readonly messages: MessagesRepository,
    private readonly access: TicketAccess,
    private readonly assignment: TicketAssignment,
    private readonly events: DomainEventBus,
    @Inject(HARM_SCREEN) private readonly harmScreen: HarmScreen,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly slaPolicy: SlaPolicyService,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'tickets' });
  }

  /**
   * All of the request or none of it. Every part is decided by the policy first, with what
   * decides its effect found out before (the harm screen's verdict on edited text, the agent a
   * move would get); then everything is written at once, conditional on the ticket as it was
   * decided on (a concurrent change answers 409 and nothing is written); then it is announced.
   */
  async update(caller: AuthenticatedUser, id: string, dto: UpdateTicketDto): Promise<TicketResponseDto> {
    const before = await this.access.authorize(caller, id, 'view');
    const now = new Date();
    const { request, text, screening } = await this.updateRequest(caller, before, dto);
    const decision = decideTicketUpdate(caller, before, request);
    if (decision.outcome !== 'allow') throw ticketRefusal(decision);
    const urgency = dto.urgency ?? before.urgency;
    const slaPolicy = await this.slaPolicy.current();
    const plan = planTicketUpdate({
      before,
      actor: caller,
      request,
      decision,
      text,
      urgency,
      screening,
      now,
      slaPolicy,
    });
    if (!plan) return toTicketResponse(before, caller.role);

    const ticket = await this.apply(caller, before, plan.changes, plan.webhook);
    if (plan.assignee) await this.assignment.recordAssignment(plan.assignee, now);
    if (request.department) {
      const data = { ticket_id: ticket.ticket_id, department: ticket.department, released: plan.releasing };
      this.logger.info(
        { user_id: caller.id, data: { ...data, assignee_id: plan.assignee } },
        'ticket_department_changed',
      );
    }
    await this.announceUpdate(caller, before, ticket, plan);
    return toTicketResponse(ticket, caller.role);
  }

  async resolve(caller: AuthenticatedUser, id: string, dto: ResolveTicketDto): Promise<TicketResponseDto> {
    const ticket = await this.access.authorize(caller, id, 'resolve');
    const changes: TicketChanges = {
      ...resolution(ticket, new Date()),
      ...(dto.feedback !== undefined ? { feedback: dto.feedback } : {}),
    };
    const updated = await this.apply(caller, ticket, changes, 'on_ticket_resolved');
    this.publishMove(ticket, updated, caller, 'on_ticket_resolved');
    return toTicketResponse(updated, caller.role);
  }

  async close(caller: AuthenticatedUser, id: string): Promise<TicketResponseDto> {
    const ticket = await this.access.authorize(caller, id, 'close');
    const updated = await this.apply(caller, ticket, { status: 'closed', closed_at: new Date() }, 'on_ticket_closed');
    this.publishMove(ticket, updated, caller, 'on_ticket_closed');
    return toTicketResponse(updated, caller.role);
  }

  /**
   * Resolved → assigned, within the window (SPEC §11.1): back to its agent while they can still
   * work it, else to the least-loaded active agent of the department, else open. The resolution
   * is taken back (analytics stop counting it until the next one), and the reason goes into the
   * conversation as the requester's message, so the agent reads why where they work.
   */
  async reopen(caller: AuthenticatedUser, id: string, dto: ReopenTicketDto): Promise<RequesterTicketDto> {
    const ticket = await this.access.authorize(caller, id, 'reopen');
    const now = new Date();
    const window = decideReopenWindow(ticket.resolved_at, now, this.config.reopenWindowDays);
    if (window.outcome !== 'allow') throw ticketRefusal(window);
    const agentId = await this.assignment.agentFor(ticket);
    const changes: TicketChanges = {
      status: agentId ? 'assigned' : 'open',
      assignee_id: agentId,
      assigned_at: agentId === ticket.assignee_id ? ticket.assigned_at : agentId ? now : null,
      resolved_at: null,
      resolution_seconds: null,
      ...(ticket.sla
        ? { sla: restartResolution(ticket.sla, now, ticket.urgency, await this.slaPolicy.current()) }
        : {}),
    };
    const updated = await this.apply(caller, ticket, changes, undefined, { reopen_count: 1 });
    if (agentId && agentId !== ticket.assignee_id) await this.assignment.recordAssignment(agentId, now);
    this.logger.info(
      {
        user_id: caller.id,
        data: { ticket_id: updated.ticket_id, assignee_id: agentId, reopen_count: updated.reopen_count },
      },
      'ticket_reopened',
    );
    await this.events.publishAndWait('ticket_changed', { before: ticket, ticket: updated, actor_id: caller.id });
    this.events.publish('ticket_status_changed', {
      ticket: updated,
      old_status: ticket.status,
      new_status: updated.status,
      actor_id: caller.id,
    });
    if (agentId && agentId !== ticket.assignee_id) {
      this.events.publish('ticket_assigned', {
        ticket: updated,
        agent_id: agentId,
        previous_agent_id: ticket.assignee_id,
        cause: 'reassigned',
      });
    }
    const message = await this.messages.create(
      {
        ticket_id: updated.id,
        sender_id: caller.id,
        sender_role: caller.role,
        message_type: 'user_message',
        content: `Reopened: ${dto.reason}`,
        isAI: false,
        source_document_ids: [],
      },
      now,
    );
    this.events.publish('on_message_sent', { message, ticket: updated });
    return toTicketResponse(updated, caller.role);
  }

  async rate(caller: AuthenticatedUser, id: string, dto: TicketFeedbackDto): Promise<TicketResponseDto> {
    const ticket = await this.access.authorize(caller, id, 'rate');
    const updated = await this.apply(caller, ticket, { feedback: dto.feedback });
    return toTicketResponse(updated, caller.role);
  }

  /**
   * Writes the change (with its webhook event) if the ticket is still as it was decided on;
   * otherwise 409, and nothing is written: the caller decided on a ticket that has since moved.
   */
  private async apply(
    caller: AuthenticatedUser,
    ticket: TicketRecord,
    changes: TicketChanges,
    webhook?: LifecycleEvent,
    counters?: TicketCounters,
  ): Promise<TicketRecord> {
    const updated = await this.tickets.update(ticket, changes, { actor: historyActor(caller), webhook, counters });
    if (updated) return updated;
    if (await this.tickets.historyIsFull(ticket.id)) throw historyFull();
    throw changedMeanwhile();
  }

  /**
   * The parts of a PUT the policy decides, with what they depend on: edited text is screened again
   * (what was harmless can be edited into something that is not), and a move learns the agent it
   * would get. Each is looked up only when its part could be allowed at all, so a refused edit
   * costs no screening; neither writes anything.
   */
  private async updateRequest(
    caller: AuthenticatedUser,
    before: TicketRecord,
    dto: UpdateTicketDto,
  ): Promise<{ request: TicketUpdateRequest; text: TicketText; screening: ScreeningVerdict | null }> {
    const editsContent = dto.title !== undefined || dto.description !== undefined || dto.urgency !== undefined;
    const text: TicketText = { title: dto.title ?? before.title, description: dto.description ?? before.description };
    const textChanged = editsContent && (text.title !== before.title || text.description !== before.description);
    const screening =
      textChanged && allows(decideTicketAction(caller, before, 'edit_content'))
        ? await this.harmScreen.screen(text)
        : null;

    const request: TicketUpdateRequest = {};
    if (editsContent) request.content = { flags: screening?.is_harmful ?? false };
    // The department a ticket has asks for nothing, except on a held ticket, where setting it is the review.
    if (dto.department !== undefined && (dto.department !== before.department || before.misuse_flag)) {
      const move = { to: dto.department, agentId: null as string | null };
      if (allows(decideTicketUpdate(caller, before, { ...request, department: move }))) {
        move.agentId = await this.assignment.chooseAgent(dto.department);
      }
      request.department = move;
    }
    if (dto.status !== undefined) request.status = dto.status;
    return { request, text, screening };
  }

  /**
   * ticket_changed first, and awaited: live rooms drop whoever may no longer see the ticket, so
   * none of them receives the events of the change that hid it from them. Then the events each
   * part publishes on its own, in the order the parts apply; one status change for the whole move.
   */
  private async announceUpdate(
    caller: AuthenticatedUser,
    before: TicketRecord,
    ticket: TicketRecord,
    plan: TicketUpdatePlan,
  ): Promise<void> {
    await this.events.publishAndWait('ticket_changed', { before, ticket, actor_id: caller.id });
    if (ticket.misuse_flag && !before.misuse_flag) this.events.publish('ticket_flagged', { ticket });
    if (plan.releasing) this.events.publish('ticket_released', { ticket, admin_id: caller.id });
    if (ticket.status !== before.status) {
      this.events.publish('ticket_status_changed', {
        ticket,
        old_status: before.status,
        new_status: ticket.status,
        actor_id: caller.id,
      });
    }
    if (plan.assignee) {
      this.events.publish('ticket_assigned', {
        ticket,
        agent_id: plan.assignee,
        previous_agent_id: before.assignee_id,
        cause: 'department_change',
      });
    }
    if (plan.webhook) this.events.publish(plan.webhook, { ticket, actor_id: caller.id });
  }

  /** A lifecycle move: the generic status change, then the named domain event. */
  private publishMove(
    before: TicketRecord,
    after: TicketRecord,
    caller: AuthenticatedUser,
    event: LifecycleEvent,
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

const allows = (decision: { outcome: string }): boolean => decision.outcome === 'allow';

import { historyActor } from './history/ticket-history';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { OnDomainEvent } from '../events/on-domain-event';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AppError } from '../common/errors/app-error';
import { DomainEventBus, type DomainEventMap } from '../events/domain-events';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import { UsersRepository } from '../users/users.repository';
import type { AssignTicketDto } from './dto/ticket-requests.dto';
import { toTicketResponse, type TicketResponseDto } from './dto/ticket-response.dto';
import { chooseAgent, TicketAssignment, type AgentLoad } from './ticket-assignment.service';
import type { Department } from '../domain/department';
import { changedMeanwhile, historyFull, ticketRefusal } from './ticket-refusal';
import { agentDepartment, decideAssignee } from './ticket.policy';
import type { TicketRecord } from './ticket.types';
import { TicketsRepository } from './tickets.repository';
import { TicketAccess } from './ticket-access.service';

/** Tickets handed over per read; a departing agent's whole queue is worked through batch by batch. */
const HANDOVER_BATCH = 100;

/**
 * Who works a ticket, beyond intake's choice (SPEC §11.1): an admin's assignment, an agent taking
 * an unassigned ticket of its department, and the handover of every `assigned` ticket of an agent
 * who can no longer work it (deactivated, or given another role) to the least-loaded active agent
 * of the department, or back to `open` when there is none: no ticket waits on someone who will
 * never answer.
 */
@Injectable()
export class TicketStaffing implements OnApplicationBootstrap {
  private readonly logger: AppLogger;

  constructor(
    private readonly tickets: TicketsRepository,
    private readonly access: TicketAccess,
    private readonly users: UsersRepository,
    private readonly assignment: TicketAssignment,
    private readonly events: DomainEventBus,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'tickets' });
  }

  /**
   * `POST /tickets/{id}/assign`. Admins give an open or assigned ticket to any active agent of its
   * department; an agent names itself to take an open, unassigned ticket of its department.
   * Assigning a ticket to the agent who has it changes nothing.
   */
  async assign(caller: AuthenticatedUser, id: string, dto: AssignTicketDto): Promise<TicketResponseDto> {
    const takes = agentDepartment(caller.role) !== null && dto.agent_id.toLowerCase() === caller.id;
    const ticket = await this.access.authorize(caller, id, takes ? 'take' : 'assign');
    const agent = await this.users.findById(dto.agent_id);
    if (!agent) throw AppError.notFound('Agent');
    const fit = decideAssignee(ticket, agent);
    if (fit.outcome !== 'allow') throw ticketRefusal(fit);
    if (ticket.assignee_id === agent.id && ticket.status === 'assigned') return toTicketResponse(ticket, caller.role);

    const now = new Date();
    const updated = await this.tickets.update(
      ticket,
      { status: 'assigned', assignee_id: agent.id, assigned_at: now },
      { actor: historyActor(caller) },
    );
    if (!updated) throw (await this.tickets.historyIsFull(ticket.id)) ? historyFull() : changedMeanwhile();
    await this.assignment.recordAssignment(agent.id, now);
    this.logger.info(
      { user_id: caller.id, data: { ticket_id: updated.ticket_id, agent_id: agent.id, previous: ticket.assignee_id } },
      'ticket_assigned_by_hand',
    );
    await this.announce(ticket, updated, caller.id, 'manual');
    return toTicketResponse(updated, caller.role);
  }

  /**
   * Awaited by the account change (UsersService publishes it with publishAndWait): by the time
   * the admin's request answers, the agent's tickets have been handed over.
   */
  @OnDomainEvent('user_account_changed')
  async accountChanged({ user_id }: DomainEventMap['user_account_changed']): Promise<void> {
    // Even an agent who stays an agent may have moved to the other department; handOver checks
    // each ticket against who they are now (one indexed read when they hold nothing).
    try {
      await this.handOver(user_id);
    } catch (error) {
      // The next start's sweep hands over whatever is left.
      this.logger.error({ err: error, data: { agent_id: user_id } }, 'ticket_handover_failed');
    }
  }

  /** Every start: hands over what a handover a crash interrupted (or an older release) left behind. */
  onApplicationBootstrap(): void {
    // In the background: the sweep reads every holder of assigned tickets, which a start need not wait for.
    this.sweep().catch((error: unknown) => this.logger.error({ err: error }, 'ticket_handover_sweep_failed'));
  }

  /** Hands over the tickets of everyone holding `assigned` tickets they can no longer work; how many moved. */
  async sweep(): Promise<number> {
    let moved = 0;
    for (const holder of await this.tickets.assigneesOfAssignedTickets()) moved += await this.handOver(holder);
    return moved;
  }

  /**
   * Each `assigned` ticket of this person that they can no longer work goes to another agent of
   * its department, or back to `open`. One conditional write per ticket: a ticket that moved
   * meanwhile is left to whoever moved it. How many were handed over.
   */
  async handOver(holderId: string): Promise<number> {
    const holder = await this.users.findById(holderId);
    let moved = 0;
    for (;;) {
      const batch = await this.tickets.assignedTo(holderId, HANDOVER_BATCH);
      const stranded = batch.filter((ticket) => !holder || decideAssignee(ticket, holder).outcome !== 'allow');
      // Each department's loads are read once a batch; every ticket handed out counts into them.
      const loads = new Map<Department, AgentLoad[]>();
      let movedInBatch = 0;
      for (const ticket of stranded) {
        const department = ticket.department;
        let candidates: AgentLoad[] = [];
        if (department !== null) {
          candidates = loads.get(department) ?? (await this.assignment.loadsOf(department));
          loads.set(department, candidates);
        }
        const agentId = chooseAgent(candidates);
        if (!(await this.handOverOne(ticket, agentId))) continue;
        const chosen = candidates.find((candidate) => candidate.id === agentId);
        if (chosen) Object.assign(chosen, { assigned: chosen.assigned + 1, lastAssignedAt: new Date() });
        movedInBatch += 1;
      }
      moved += movedInBatch;
      // A batch that moved nothing is what is left: tickets they may keep, or that moved meanwhile.
      if (batch.length < HANDOVER_BATCH || movedInBatch === 0) break;
    }
    if (moved > 0) this.logger.info({ data: { agent_id: holderId, tickets: moved } }, 'tickets_handed_over');
    return moved;
  }

  /**
   * A ticket whose resolution target was breached goes to the least-loaded other active agent of
   * its department, when the SLA policy says so (`reassign_on_breach`) and there is one; else it
   * stays where it is. Another pair of eyes rather than a queue: it stays `assigned`. The ticket
   * after the move, or null when it did not move (no one else, or it moved meanwhile).
   */
  async escalate(ticket: TicketRecord): Promise<TicketRecord | null> {
    if (ticket.status !== 'assigned' || ticket.department === null) return null;
    const others = (await this.assignment.loadsOf(ticket.department)).filter((load) => load.id !== ticket.assignee_id);
    const agentId = chooseAgent(others);
    if (!agentId) return null;
    const now = new Date();
    const updated = await this.tickets.update(ticket, { assignee_id: agentId, assigned_at: now }, { actor: null });
    if (!updated) return null;
    await this.assignment.recordAssignment(agentId, now);
    await this.announce(ticket, updated, null, 'escalated');
    this.logger.info(
      { data: { ticket_id: ticket.ticket_id, from_agent_id: ticket.assignee_id, to_agent_id: agentId } },
      'ticket_escalated_to_another_agent',
    );
    return updated;
  }

  private async handOverOne(ticket: TicketRecord, agentId: string | null): Promise<boolean> {
    const now = new Date();
    const updated = await this.tickets.update(
      ticket,
      agentId ? { assignee_id: agentId, assigned_at: now } : { status: 'open', assignee_id: null, assigned_at: null },
      { actor: null },
    );
    if (!updated) return false;
    if (agentId) await this.assignment.recordAssignment(agentId, now);
    await this.announce(ticket, updated, null, 'reassigned');
    return true;
  }

  /**
   * As an edit announces itself (TicketLifecycle.announceUpdate): the change first, awaited, then
   * the status move (back to open: the requester is told) and the new agent (who is told).
   */
  private async announce(
    before: TicketRecord,
    ticket: TicketRecord,
    actorId: string | null,
    cause: 'manual' | 'reassigned' | 'escalated',
  ): Promise<void> {
    await this.events.publishAndWait('ticket_changed', { before, ticket, actor_id: actorId });
    if (ticket.status !== before.status) {
      this.events.publish('ticket_status_changed', {
        ticket,
        old_status: before.status,
        new_status: ticket.status,
        actor_id: actorId,
      });
    }
    if (ticket.assignee_id !== null && ticket.assignee_id !== before.assignee_id) {
      this.events.publish('ticket_assigned', {
        ticket,
        agent_id: ticket.assignee_id,
        previous_agent_id: before.assignee_id,
        cause,
      });
    }
  }
}

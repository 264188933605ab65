import { SlaPolicyService } from '../sla/sla-policy.service';
import type { SlaPolicy } from '../sla/sla-policy';
import { startSla } from '../sla/ticket-sla';
import { historyActor } from './history/ticket-history';
import { Inject, Injectable } from '@nestjs/common';
import {
  DEPARTMENT_ROUTER,
  HARM_SCREEN,
  type DepartmentRouter,
  type HarmScreen,
  type RoutingDecision,
  type ScreeningVerdict,
} from '../ai/ai.ports';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AppError } from '../common/errors/app-error';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainEventBus } from '../events/domain-events';
import { UsersRepository } from '../users/users.repository';
import type { CreateTicketDto } from './dto/ticket-requests.dto';
import { toTicketResponse, type TicketResponseDto } from './dto/ticket-response.dto';
import { TicketAssignment } from './ticket-assignment.service';
import { TicketQuota } from './ticket-quota.service';
import { TicketsRepository, type NewTicket } from './tickets.repository';

/** What screening and routing decided for a new ticket: held for review, or routed (with its agent, if any). */
type IntakeDecision =
  | { held: true; screening: ScreeningVerdict }
  | { held: false; screening: ScreeningVerdict; routing: RoutingDecision; agentId: string | null };

/** The ticket an intake decision stores: a held one is open, unrouted and flagged; a routed one assigned when it has an agent. */
export function newTicketFrom(
  base: Pick<NewTicket, 'title' | 'description' | 'urgency' | 'user_id'>,
  decision: IntakeDecision,
  now: Date,
  policy: SlaPolicy,
): NewTicket {
  const routed = decision.held ? null : decision;
  const agentId = routed?.agentId ?? null;
  return {
    ...base,
    status: agentId ? 'assigned' : 'open',
    department: routed?.routing.department ?? null,
    assignee_id: agentId,
    assigned_at: agentId ? now : null,
    misuse_flag: decision.held,
    ai: { screening: decision.screening, routing: routed?.routing ?? null },
    // A held ticket is in no queue yet: its clock starts when an admin releases it.
    sla: routed ? startSla(now, base.urgency, policy) : null,
  };
}

/** `POST /tickets` (and tickets raised from self-serve sessions): SPEC §4's intake pipeline. */
@Injectable()
export class TicketIntake {
  private readonly logger: AppLogger;

  constructor(
    private readonly tickets: TicketsRepository,
    private readonly users: UsersRepository,
    private readonly quota: TicketQuota,
    private readonly assignment: TicketAssignment,
    private readonly events: DomainEventBus,
    @Inject(HARM_SCREEN) private readonly harmScreen: HarmScreen,
    @Inject(DEPARTMENT_ROUTER) private readonly router: DepartmentRouter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly slaPolicy: SlaPolicyService,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'tickets' });
  }

  /**
   * SPEC §4, in order: rate limit → harm screen → routing → assignment → save → on_ticket_created.
   * The quota is checked first (a full quota costs no screening) and decided by the save itself,
   * which takes the slot: a save that fails has cost the requester nothing.
   */
  async create(caller: AuthenticatedUser, dto: CreateTicketDto): Promise<TicketResponseDto> {
    const now = new Date();
    const limit = this.config.ticketsPerDay;
    const slot = await this.quota.nextSlot(caller.id, limit, now);
    if (!slot.granted) return this.refuseOverQuota(caller, now, slot.retryAfterSeconds);

    const text = { title: dto.title, description: dto.description };
    const newTicket = newTicketFrom(
      { ...text, urgency: dto.urgency ?? 'medium', user_id: caller.id },
      await this.decide(text),
      now,
      await this.slaPolicy.current(),
    );
    const saved = await this.quota.store(caller.id, limit, now, slot, (seq) =>
      this.tickets.createInQuotaSlot(newTicket, seq, now, historyActor(caller)),
    );
    if (!saved.granted) return this.refuseOverQuota(caller, now, saved.retryAfterSeconds);
    const ticket = saved.stored;

    if (ticket.assignee_id) await this.assignment.recordAssignment(ticket.assignee_id, now);
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

  /** The harm screen, then (for what it lets through) routing and the agent: the AI's part of intake. */
  private async decide(text: { title: string; description: string }): Promise<IntakeDecision> {
    const screening = await this.harmScreen.screen(text);
    if (screening.is_harmful) return { held: true, screening };
    const routing = await this.router.route(text);
    return { held: false, screening, routing, agentId: await this.assignment.chooseAgent(routing.department) };
  }

  /** 429 with Retry-After, and the moment the quota frees up kept on the user (SPEC's rate_limit_reset). */
  private async refuseOverQuota(caller: AuthenticatedUser, now: Date, retryAfterSeconds: number): Promise<never> {
    await this.users.setRateLimitReset(caller.id, new Date(now.getTime() + retryAfterSeconds * 1000));
    throw AppError.rateLimited(
      `You can create ${this.config.ticketsPerDay} tickets in 24 hours; try again later`,
      retryAfterSeconds,
    );
  }
}

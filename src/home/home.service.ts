import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MisuseReportsRepository } from '../misuse/misuse-reports.repository';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { TicketFiguresRepository } from '../tickets/ticket-figures.repository';
import { QUOTA_WINDOW_MS } from '../tickets/ticket-quota.service';
import { TicketsRepository } from '../tickets/tickets.repository';
import { UsersRepository } from '../users/users.repository';
import type { AdminHomeDto, AgentHomeDto, UserHomeDto } from './dto/home.dto';
import {
  AGENT_ROLES,
  DEPARTMENT_OF,
  isAgentRole,
  quotaStatus,
  rankAgentLoads,
  waitingTicket,
  type AgentLoad,
} from './home-figures';
import { USER_ROLES } from '../domain/user-role';

/** How many of a requester's tickets the home page lists; the rest are a GET /tickets away. */
export const RECENT_TICKETS_ON_HOME = 5;

/**
 * The role home pages: the caller's own figures, read live from indexed counts (no cache, so a
 * page reloaded after an action shows it). The figure groups of a page are read in parallel.
 */
@Injectable()
export class HomeService {
  constructor(
    private readonly figures: TicketFiguresRepository,
    private readonly tickets: TicketsRepository,
    private readonly notifications: NotificationsRepository,
    private readonly misuseReports: MisuseReportsRepository,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async userHome(caller: AuthenticatedUser): Promise<UserHomeDto> {
    const now = this.clock.now();
    const limit = this.config.ticketsPerDay;
    const [byStatus, recent, unread, window] = await Promise.all([
      this.figures.countByStatus({ kind: 'requester', userId: caller.id }),
      this.figures.newestOfRequester(caller.id, RECENT_TICKETS_ON_HOME),
      this.notifications.countUnread(caller.id),
      this.figures.quotaWindow(caller.id, new Date(now.getTime() - QUOTA_WINDOW_MS)),
    ]);
    return {
      generated_at: now,
      tickets_by_status: byStatus,
      recent_tickets: recent,
      unread_notifications: unread,
      quota: quotaStatus(limit, window),
    };
  }

  async agentHome(caller: AuthenticatedUser): Promise<AgentHomeDto> {
    // The route admits agents only; this keeps the department lookup total for the compiler.
    if (!isAgentRole(caller.role)) throw AppError.forbidden('Only agents have an agent home page');
    const department = DEPARTMENT_OF[caller.role];
    const now = this.clock.now();
    const [assigned, queue, sla, unread] = await Promise.all([
      this.figures.countByStatus({ kind: 'assignee', agentId: caller.id }),
      this.figures.unassignedQueue(department),
      // The agent's GET /tickets scope: its department's tickets and those assigned to it.
      this.figures.slaFigures({ kind: 'agent', agentId: caller.id, department }, now),
      this.notifications.countUnread(caller.id),
    ]);
    return {
      generated_at: now,
      department,
      assigned_by_status: assigned,
      department_queue: { unassigned: queue.count, oldest_waiting: waitingTicket(queue.oldest, now) },
      sla,
      unread_notifications: unread,
    };
  }

  async adminHome(caller: AuthenticatedUser): Promise<AdminHomeDto> {
    const now = this.clock.now();
    const [ticketsByStatus, accounts, review, unreviewedReports, sla, agents, unread] = await Promise.all([
      this.figures.countByStatus({ kind: 'all' }),
      this.users.countByRoleAndActivity(),
      this.figures.flaggedAwaitingReview(),
      this.misuseReports.countUnreviewed(),
      this.figures.slaFigures({ kind: 'all' }, now),
      this.agentLoads(),
      this.notifications.countUnread(caller.id),
    ]);
    const roleCounts = USER_ROLES.map((role) => accounts[role]);
    return {
      generated_at: now,
      tickets: {
        total: Object.values(ticketsByStatus).reduce((sum, n) => sum + n, 0),
        by_status: ticketsByStatus,
      },
      users: {
        total: roleCounts.reduce((sum, { active, inactive }) => sum + active + inactive, 0),
        active: roleCounts.reduce((sum, { active }) => sum + active, 0),
        by_role: accounts,
      },
      flagged_awaiting_review: { count: review.count, oldest_waiting: waitingTicket(review.oldest, now) },
      unreviewed_misuse_reports: unreviewedReports,
      sla,
      agents: rankAgentLoads(agents),
      unread_notifications: unread,
    };
  }

  /** Every active agent's `assigned` tickets: one grouped count on the {assignee_id, status} index. */
  private async agentLoads(): Promise<AgentLoad[]> {
    const agents = (await Promise.all(AGENT_ROLES.map((role) => this.users.findActiveByRole(role)))).flat();
    if (agents.length === 0) return [];
    const assigned = await this.tickets.countAssignedByAgent(agents.map((agent) => agent.id));
    return agents.flatMap((agent) =>
      isAgentRole(agent.role)
        ? [
            {
              agent_id: agent.id,
              username: agent.username,
              role: agent.role,
              department: DEPARTMENT_OF[agent.role],
              assigned: assigned.get(agent.id) ?? 0,
            },
          ]
        : [],
    );
  }
}

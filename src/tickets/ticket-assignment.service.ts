import { Injectable } from '@nestjs/common';
import { UsersRepository } from '../users/users.repository';
import { decideAssignee } from './ticket.policy';
import type { TicketRecord } from './ticket.types';
import { TicketsRepository } from './tickets.repository';
import type { Department } from '../domain/department';
import type { UserRole } from '../domain/user-role';

const AGENT_ROLE: Record<Department, UserRole> = { IT: 'it_agent', HR: 'hr_agent' };

export interface AgentLoad {
  id: string;
  assigned: number;
  lastAssignedAt: Date | null;
}

/** Fewest `assigned` tickets wins; on a tie, the agent who has waited longest for work (never = longest). */
export function chooseAgent(agents: AgentLoad[]): string | null {
  const ranked = [...agents].sort(
    (a, b) =>
      a.assigned - b.assigned ||
      (a.lastAssignedAt?.getTime() ?? -Infinity) - (b.lastAssignedAt?.getTime() ?? -Infinity) ||
      a.id.localeCompare(b.id),
  );
  return ranked[0]?.id ?? null;
}

@Injectable()
export class TicketAssignment {
  constructor(
    private readonly users: UsersRepository,
    private readonly tickets: TicketsRepository,
  ) {}

  /**
   * An active agent of the department for a new piece of work, or null when it has none. Only
   * reads: the choice is part of what a change writes, so it is recorded (`recordAssignment`)
   * once that write is stored, and a refused or lost change leaves no trace on the agent.
   */
  async chooseAgent(department: Department): Promise<string | null> {
    return chooseAgent(await this.loadsOf(department));
  }

  /**
   * Every active agent of the department with their load now: for handing many tickets out at
   * once (a handover), which counts each choice into these loads instead of reading them again.
   */
  async loadsOf(department: Department): Promise<AgentLoad[]> {
    const agents = await this.users.findActiveByRole(AGENT_ROLE[department]);
    if (agents.length === 0) return [];
    const load =
      agents.length > 1 ? await this.tickets.countAssignedByAgent(agents.map((a) => a.id)) : new Map<string, number>();
    return agents.map((agent) => ({
      id: agent.id,
      assigned: load.get(agent.id) ?? 0,
      lastAssignedAt: agent.last_assigned_at,
    }));
  }

  /**
   * Who should work a ticket that comes back (a reopen): its agent while they still can (active,
   * of its department), else whoever `chooseAgent` picks; null when its department has no one
   * (or it has no department: held for review).
   */
  async agentFor(ticket: Pick<TicketRecord, 'assignee_id' | 'department'>): Promise<string | null> {
    if (ticket.department === null) return null;
    if (ticket.assignee_id !== null) {
      const agent = await this.users.findById(ticket.assignee_id);
      if (agent && decideAssignee(ticket, agent).outcome === 'allow') return agent.id;
    }
    return this.chooseAgent(ticket.department);
  }

  /** When the agent last got work: on a tie in load, whoever has waited longest gets the next ticket. */
  async recordAssignment(agentId: string, at: Date): Promise<void> {
    await this.users.recordAssignment(agentId, at);
  }
}

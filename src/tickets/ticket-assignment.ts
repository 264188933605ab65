import { Injectable } from '@nestjs/common';
import type { Department } from '../ai/ai.ports';
import type { UserRole } from '../users/user-role';
import { UsersRepository } from '../users/users.repository';
import { TicketsRepository } from './tickets.repository';

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
    const agents = await this.users.findActiveByRole(AGENT_ROLE[department]);
    if (agents.length === 0) return null;
    const load =
      agents.length > 1 ? await this.tickets.countAssignedByAgent(agents.map((a) => a.id)) : new Map<string, number>();
    return chooseAgent(
      agents.map((agent) => ({
        id: agent.id,
        assigned: load.get(agent.id) ?? 0,
        lastAssignedAt: agent.last_assigned_at,
      })),
    );
  }

  /** When the agent last got work: on a tie in load, whoever has waited longest gets the next ticket. */
  async recordAssignment(agentId: string, at: Date): Promise<void> {
    await this.users.recordAssignment(agentId, at);
  }
}

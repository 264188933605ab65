import type { QuotaWindowFigures, TicketHeadline } from '../tickets/ticket-figures.repository';
import { QUOTA_WINDOW_MS } from '../tickets/ticket-quota.service';
import type { Department } from '../domain/department';
import type { UserRole } from '../domain/user-role';

/** The pure arithmetic of the home pages, apart from the queries so that a unit spec covers it. */

export interface QuotaStatus {
  limit: number;
  used: number;
  remaining: number;
  next_slot_frees_at: Date | null;
}

/**
 * The daily quota as POST /tickets applies it (TicketQuota): at most `limit` tickets in any
 * trailing 24 hours, each stored ticket holding its slot for 24 hours. So `limit - used` tickets
 * can be raised now, and the next slot comes back when the oldest counted ticket turns 24 hours
 * old: the moment a 429's Retry-After points at when none is left. A limit lowered below what was
 * already used leaves none, not a negative count.
 */
export function quotaStatus(limit: number, window: QuotaWindowFigures): QuotaStatus {
  return {
    limit,
    used: window.used,
    remaining: Math.max(0, limit - window.used),
    next_slot_frees_at: window.oldest_at ? new Date(window.oldest_at.getTime() + QUOTA_WINDOW_MS) : null,
  };
}

/** Whole seconds a ticket has waited since it was raised (never negative, should clocks disagree). */
export function waitingSeconds(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000));
}

export interface WaitingTicket {
  id: string;
  ticket_id: string;
  title: string;
  urgency: TicketHeadline['urgency'];
  created_at: Date;
  waiting_seconds: number;
}

export function waitingTicket(ticket: TicketHeadline | null, now: Date): WaitingTicket | null {
  if (!ticket) return null;
  return {
    id: ticket.id,
    ticket_id: ticket.ticket_id,
    title: ticket.title,
    urgency: ticket.urgency,
    created_at: ticket.created_at,
    waiting_seconds: waitingSeconds(ticket.created_at, now),
  };
}

export type AgentRole = Extract<UserRole, 'it_agent' | 'hr_agent'>;
export const AGENT_ROLES = ['it_agent', 'hr_agent'] as const satisfies readonly AgentRole[];

/** An agent's department follows from the role (SPEC §2). */
export const DEPARTMENT_OF: Record<AgentRole, Department> = { it_agent: 'IT', hr_agent: 'HR' };

export function isAgentRole(role: UserRole): role is AgentRole {
  return (AGENT_ROLES as readonly UserRole[]).includes(role);
}

export interface AgentLoad {
  agent_id: string;
  username: string;
  role: AgentRole;
  department: Department;
  assigned: number;
}

/** IT before HR, busiest first within a department, then by username so the order is stable. */
export function rankAgentLoads(loads: AgentLoad[]): AgentLoad[] {
  const departmentOrder: Record<Department, number> = { IT: 0, HR: 1 };
  return [...loads].sort(
    (a, b) =>
      departmentOrder[a.department] - departmentOrder[b.department] ||
      b.assigned - a.assigned ||
      a.username.localeCompare(b.username),
  );
}

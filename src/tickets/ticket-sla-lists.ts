import type { Department } from '../domain/department';
import type { TicketStatus } from '../domain/ticket-status';
import { agentKey } from './agent-keys';

/**
 * The SLA lists (SPEC §11.2, `GET /tickets?sla=…`) and the home pages' SLA figures, as query
 * filters on the stored, derived `sla.next_due_at` and `sla.next_warning_at` (sla/ticket-sla.ts):
 * - `breached`: a target the ticket still owes is past its due time: `next_due_at <= now`;
 * - `at_risk`: at 80 % of one, not yet past any: `next_warning_at <= now < next_due_at`.
 * Most urgent first: `next_due_at` ascending, then `_id`.
 */
export const SLA_LIST_KINDS = ['at_risk', 'breached'] as const;
export type SlaListKind = (typeof SLA_LIST_KINDS)[number];

/** The only statuses that owe a target: a resolved or closed ticket's next_due_at is null. */
export const OWING_STATUSES = ['open', 'assigned'] as const satisfies readonly TicketStatus[];

/** Before any due time a ticket can have: the lower bound that puts a query inside the indexes below. */
export const SLA_EPOCH = new Date(0);

/**
 * What the SLA indexes hold (their partial filter): tickets that owe a target and are not held for
 * review. Settled tickets (next_due_at null) and tickets without a clock are not in them, so the
 * indexes are the size of the open work, not of the history. A held ticket is left out too: it sits
 * in the admins' review queue, not in a department's, and its release starts its clock afresh
 * (a ticket an edit held keeps the clock it had, which no one is working to).
 */
export const SLA_INDEX_FILTER = { 'sla.next_due_at': { $gt: SLA_EPOCH }, misuse_flag: false } as const;

export const SLA_LIST_SORT = { 'sla.next_due_at': 1, _id: 1 } as const;

/**
 * The indexes, each with the scope and status ahead of the due time (a status given or both owing
 * statuses, merged in index order), and the warning time last so that `at_risk` skips healthy
 * tickets on index keys alone, without reading them.
 */
export const SLA_INDEXES = {
  all: { status: 1, 'sla.next_due_at': 1, _id: 1, 'sla.next_warning_at': 1 },
  department: { department: 1, status: 1, 'sla.next_due_at': 1, _id: 1, 'sla.next_warning_at': 1 },
  agent: { agent_keys: 1, status: 1, 'sla.next_due_at': 1, _id: 1, 'sla.next_warning_at': 1 },
  requester: { user_id: 1, status: 1, 'sla.next_due_at': 1, _id: 1, 'sla.next_warning_at': 1 },
} as const;

/** Index names, so a spec can tell which one served a query. */
export const SLA_INDEX_NAMES = {
  all: 'sla_due_by_status',
  department: 'sla_due_by_department',
  agent: 'sla_due_by_agent',
  requester: 'sla_due_by_requester',
} as const satisfies Record<keyof typeof SLA_INDEXES, string>;

/** Whose tickets: everyone's (admins) or an agent's (its department's and those assigned to it). */
export type SlaScope = { kind: 'all' } | { kind: 'agent'; agentId: string; department: Department };

/** The clauses of an SLA query, built from validated primitives only (never a raw query object). */
export function slaClauses(kind: SlaListKind, now: Date): Record<string, unknown> {
  return kind === 'breached'
    ? { 'sla.next_due_at': { $gt: SLA_EPOCH, $lte: now }, misuse_flag: false }
    : { 'sla.next_due_at': { $gt: now }, 'sla.next_warning_at': { $lte: now }, misuse_flag: false };
}

/**
 * The scope as the indexes serve it. An agent filtering by department asks for a subset of its
 * scope that one index range holds: its own department is `department` alone (every ticket there
 * is in its scope); another department is what is assigned to it there (`agent:<id>`), a range
 * that only the agent's own tickets fill.
 */
export function slaScopeClauses(scope: SlaScope, department?: Department): Record<string, unknown> {
  if (scope.kind === 'all') return department ? { department } : {};
  if (!department) return { agent_keys: { $in: [scope.department, agentKey(scope.agentId)] } };
  return department === scope.department ? { department } : { agent_keys: agentKey(scope.agentId), department };
}

/** The status clause: the one asked for, or both that owe a target (so the index's status prefix is bounded). */
export function slaStatusClause(status?: TicketStatus): { status: TicketStatus | { $in: TicketStatus[] } } {
  return { status: status ?? { $in: [...OWING_STATUSES] } };
}

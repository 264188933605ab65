import type { UserRole } from '../../domain/user-role';
import type { SlaAlert } from '../../sla/ticket-sla';
import type { TicketRecord } from '../ticket.types';

/**
 * A ticket's history (SPEC §11.3): one append-only entry per changed field, stored on the ticket
 * in the same write as the change (as the webhook outbox is), so a change that is stored is never
 * missing from its history, even when the process dies right after the write.
 */
export const HISTORY_ACTIONS = ['created', 'changed', 'deleted', 'sla_warning', 'sla_breached', 'escalated'] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** Who changed it; null when the service did on its own (a handover, a scheduled job). */
export interface HistoryActor {
  id: string;
  role: UserRole;
}

/** The caller as its history names it: id and role, nothing of the session. */
export function historyActor(caller: HistoryActor): HistoryActor {
  return { id: caller.id, role: caller.role };
}

/** A value as the history keeps it: JSON, so an entry reads the same in the API and the database. */
export type HistoryValue = string | number | boolean | null | { [key: string]: HistoryValue } | HistoryValue[];

export interface TicketHistoryEntry {
  at: Date;
  actor: HistoryActor | null;
  action: HistoryAction;
  /**
   * The field that changed (`ai.screening` and `ai.routing` for the AI's verdicts; the target,
   * `sla.first_response` or `sla.resolution`, for an SLA alert); null on `created` and `deleted`.
   */
  field: string | null;
  from: HistoryValue;
  to: HistoryValue;
}

/**
 * The most entries one ticket's history holds. Entries live in the ticket's document, which
 * MongoDB caps at 16 MB, and a requester may edit an open ticket at will: without a bound, a
 * script of edits would grow the ticket until no write fits. 2,000 entries of the largest kind
 * (a 2,000-character description, before and after) are about 8 MB; a ticket that reaches the
 * bound takes no further change (409), which no real ticket comes near.
 */
export const MAX_HISTORY_ENTRIES = 2_000;

/** Fields whose every change is an entry, in the order entries of one write are listed. */
const TRACKED_FIELDS = [
  'title',
  'description',
  'urgency',
  'department',
  'status',
  'assignee_id',
  'misuse_flag',
  'feedback',
  'reopen_count',
] as const;
type TrackedField = (typeof TRACKED_FIELDS)[number];

/** The AI's part: what the requester does not see of a ticket (`ai` in its responses). */
const AI_FIELDS = ['ai.screening', 'ai.routing'] as const;

/** A ticket's fields as the history compares them. */
export type HistorySnapshot = Pick<TicketRecord, TrackedField | 'ai'>;

function aiValues(ai: TicketRecord['ai']): Record<(typeof AI_FIELDS)[number], HistoryValue> {
  return {
    'ai.screening': {
      is_harmful: ai.screening.is_harmful,
      categories: [...ai.screening.categories],
      reason: ai.screening.reason,
      provider: ai.screening.provider,
    },
    'ai.routing': ai.routing
      ? { department: ai.routing.department, reason: ai.routing.reason, provider: ai.routing.provider }
      : null,
  };
}

function sameValue(a: HistoryValue, b: HistoryValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What a new ticket starts as: one entry holding the fields it was stored with. */
export function creationEntry(
  ticket: Pick<TicketRecord, 'title' | 'urgency' | 'status' | 'department' | 'assignee_id' | 'misuse_flag'>,
  actor: HistoryActor | null,
  at: Date,
): TicketHistoryEntry {
  return {
    at,
    actor,
    action: 'created',
    field: null,
    from: null,
    to: {
      title: ticket.title,
      urgency: ticket.urgency,
      status: ticket.status,
      department: ticket.department,
      assignee_id: ticket.assignee_id,
      misuse_flag: ticket.misuse_flag,
    },
  };
}

/**
 * One entry per field that differs between the ticket before a write and after it. Computed from
 * the two records rather than from the request, so a change made by any path (an edit, a move, a
 * handover, a counter) is recorded alike, and a field set to the value it had is no entry.
 */
export function changeEntries(
  before: HistorySnapshot,
  after: HistorySnapshot,
  actor: HistoryActor | null,
  at: Date,
): TicketHistoryEntry[] {
  const entries: TicketHistoryEntry[] = [];
  for (const field of TRACKED_FIELDS) {
    const from = before[field];
    const to = after[field];
    if (!sameValue(from, to)) entries.push({ at, actor, action: 'changed', field, from, to });
  }
  const aiBefore = aiValues(before.ai);
  const aiAfter = aiValues(after.ai);
  for (const field of AI_FIELDS) {
    if (!sameValue(aiBefore[field], aiAfter[field])) {
      entries.push({ at, actor, action: 'changed', field, from: aiBefore[field], to: aiAfter[field] });
    }
  }
  return entries;
}

/** The last entry of a deleted ticket's history, kept with the record of its deletion. */
export function deletionEntry(actor: HistoryActor, at: Date): TicketHistoryEntry {
  return { at, actor, action: 'deleted', field: null, from: null, to: null };
}

/**
 * The SLA job's entry for an alert on a ticket's target: `sla_warning` or `sla_breached`, from
 * nothing to the due time it was raised against; a resolution breach's escalation follows it.
 */
export function slaAlertEntries(alert: SlaAlert, at: Date): TicketHistoryEntry[] {
  const field = `sla.${alert.target}`;
  const raised: TicketHistoryEntry = {
    at,
    actor: null,
    action: alert.kind === 'warning' ? 'sla_warning' : 'sla_breached',
    field,
    from: null,
    to: { due_at: alert.due_at.toISOString() },
  };
  const escalates = alert.kind === 'breach' && alert.target === 'resolution';
  return escalates ? [raised, { at, actor: null, action: 'escalated', field, from: null, to: null }] : [raised];
}

/** The staff-only parts of a ticket (its `ai` verdicts and its `sla` clock), as history fields. */
const STAFF_ONLY_FIELDS = /^(?:ai|sla)\./;

/**
 * Staff see every entry; the requester sees their ticket's history without what their view of
 * the ticket leaves out: the AI's verdicts and the service-level clock and its alerts.
 */
export function visibleHistory(entries: readonly TicketHistoryEntry[], viewer: UserRole): TicketHistoryEntry[] {
  if (viewer !== 'user') return [...entries];
  return entries.filter((entry) => entry.field === null || !STAFF_ONLY_FIELDS.test(entry.field));
}

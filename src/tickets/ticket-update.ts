import type { SlaPolicy } from '../sla/sla-policy';
import { startSla, withUrgency } from '../sla/ticket-sla';
import type { ScreeningVerdict, TicketText } from '../ai/ai.ports';
import type { TicketActor, TicketUpdateDecision, TicketUpdateRequest } from './ticket.policy';
import type { TicketRecord } from './ticket.types';
import type { TicketChanges } from './tickets.repository';
import { isSettled, type Urgency } from '../domain/ticket-status';

export type LifecycleEvent = 'on_ticket_resolved' | 'on_ticket_closed';
const LIFECYCLE_EVENT = { resolve: 'on_ticket_resolved', close: 'on_ticket_closed' } as const;

/** What one allowed `PUT /tickets/{id}` writes, all in one conditional write. */
export interface TicketUpdatePlan {
  changes: TicketChanges;
  /** The webhook event recorded in the same write (a lifecycle move), if any. */
  webhook: LifecycleEvent | undefined;
  /** The agent a move assigns: recorded as given work once the write is stored. */
  assignee: string | null;
  /** An admin's department on a held ticket: the review that releases it. */
  releasing: boolean;
}

export interface TicketUpdateInput {
  before: TicketRecord;
  actor: TicketActor;
  request: TicketUpdateRequest;
  decision: Extract<TicketUpdateDecision, { outcome: 'allow' }>;
  /** Title and description as edited (unchanged ones as stored), and the urgency. */
  text: TicketText;
  urgency: Urgency;
  /** The verdict on edited text; null when the text did not change. */
  screening: ScreeningVerdict | null;
  now: Date;
  /** The SLA policy in force: a new urgency or a release sets the ticket's clock by it. */
  slaPolicy: SlaPolicy;
}

/** Resolving records how long it took, for analytics. */
export function resolution(ticket: TicketRecord, now: Date): TicketChanges {
  return {
    status: 'resolved',
    resolved_at: now,
    resolution_seconds: Math.round((now.getTime() - ticket.created_at.getTime()) / 1000),
  };
}

/**
 * The changes of every allowed part, composed in the order the policy decided them (content,
 * department, status), each building on the one before; null when the request changes nothing.
 */
export function planTicketUpdate(input: TicketUpdateInput): TicketUpdatePlan | null {
  const { before, actor, request, decision, text, screening, now } = input;
  if (!request.content && !request.department && !decision.statusMove) return null;
  const changes: TicketChanges = {};

  if (request.content) {
    Object.assign(changes, { ...text, urgency: input.urgency });
    if (screening) {
      // A harmful edit holds the ticket as a harmful ticket is held at intake: unrouted, for review.
      changes.ai = { screening, routing: screening.is_harmful ? null : before.ai.routing };
      if (screening.is_harmful) Object.assign(changes, { misuse_flag: true, department: null });
    }
  }

  const move = request.department;
  const releasing = move !== undefined && before.misuse_flag;
  if (move) {
    const routing = {
      department: move.to,
      reason: releasing ? `Released on review by admin ${actor.id}` : `Set by ${actor.role} ${actor.id}`,
      provider: 'manual' as const,
    };
    Object.assign(changes, {
      department: move.to,
      ai: { screening: changes.ai?.screening ?? before.ai.screening, routing },
      status: move.agentId ? 'assigned' : 'open',
      assignee_id: move.agentId,
      assigned_at: move.agentId ? now : null,
      ...(releasing ? { misuse_flag: false, flag_review: { reviewed_by: actor.id, reviewed_at: now } } : {}),
    } satisfies TicketChanges);
  }

  // The clock: a release starts it (the ticket enters a queue now); a new urgency re-times it.
  const urgencyChanged = request.content !== undefined && input.urgency !== before.urgency;
  if (releasing) {
    // Held after an edit, it may have had its first response already: that stays answered.
    changes.sla = startSla(now, input.urgency, input.slaPolicy, before.sla?.first_response_at ?? null);
  } else if (urgencyChanged && before.sla) {
    changes.sla = withUrgency(before.sla, input.urgency, input.slaPolicy, !isSettled(before.status));
  }

  if (decision.statusMove === 'resolve') Object.assign(changes, resolution(before, now));
  if (decision.statusMove === 'close') Object.assign(changes, { status: 'closed', closed_at: now });

  return {
    changes,
    webhook: decision.statusMove ? LIFECYCLE_EVENT[decision.statusMove] : undefined,
    assignee: move?.agentId ?? null,
    releasing,
  };
}

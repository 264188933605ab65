import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { MessageRecord } from '../messages/message.types';
import type { NotificationRecord } from '../notifications/notification.types';
import type { TicketRecord } from '../tickets/ticket.types';
import type { RaisedSlaAlert } from '../sla/raised-sla-alert';
import type { UserRole } from '../domain/user-role';
import type { TicketStatus } from '../domain/ticket-status';

/**
 * The in-process domain events (SPEC §6) and their payloads. Features publish here; realtime,
 * notifications and webhooks subscribe with @OnDomainEvent(name) (on-domain-event.ts), which
 * checks the name and the handler's payload against this map. A feature never calls another's
 * internals to announce a change. Who handles which event: domain-event-subscribers.spec.ts.
 */
export interface DomainEventMap {
  on_ticket_created: { ticket: TicketRecord };
  on_ticket_resolved: { ticket: TicketRecord; actor_id: string };
  on_ticket_closed: { ticket: TicketRecord; actor_id: string };
  ticket_status_changed: {
    ticket: TicketRecord;
    old_status: TicketStatus;
    new_status: TicketStatus;
    actor_id: string | null;
  };
  /**
   * `intake`: chosen when the ticket was created (which on_ticket_created already announces);
   * `department_change`: a move chose it; `manual`: an admin's assignment or an agent taking it;
   * `reassigned`: its agent can no longer work it (deactivated, new role) or a reopen found them gone;
   * `escalated`: the SLA job took a breached ticket from its agent (the policy's `reassign_on_breach`).
   */
  ticket_assigned: {
    ticket: TicketRecord;
    agent_id: string;
    previous_agent_id: string | null;
    cause: 'intake' | 'department_change' | 'manual' | 'reassigned' | 'escalated';
  };
  /**
   * An admin deleted the ticket; its messages are gone already. Subscribers remove what they keep
   * of it (the notifications about it, a pending knowledge suggestion, cached figures) and tell the
   * rooms and webhooks; the deletion awaits them (publishAndWait) before it counts as finished.
   */
  ticket_deleted: { ticket: TicketRecord; actor_id: string };
  /**
   * A ticket changed after its creation (an edit, an assignment, a reopen, a handover; actor null:
   * the service itself): who may see it can change with it, so live subscribers check again.
   */
  ticket_changed: { before: TicketRecord; ticket: TicketRecord; actor_id: string | null };
  /** A ticket the harm screen held for admin review (at creation or after an edit). */
  ticket_flagged: { ticket: TicketRecord };
  /** An admin set the department of a flagged ticket, releasing it. */
  ticket_released: { ticket: TicketRecord; admin_id: string };
  /** Stored before it is published: subscribers never announce a message that could be lost. */
  on_message_sent: { message: MessageRecord; ticket: TicketRecord };
  /** An agent was given an AI-drafted reply for a ticket. */
  on_ai_reply_suggested: { ticket: TicketRecord; agent_id: string; source_document_ids: string[] };
  /** The nightly job (or an admin's manual run) found a new pattern of misuse. */
  on_misuse_detected: { report: MisuseReportSummary };
  /** An admin reviewed a misuse report. */
  misuse_report_reviewed: { report_id: string; admin_id: string };
  /** A batch of the misuse job finished (for the admin room). */
  misuse_detection_progress: {
    run_id: string;
    users_scanned: number;
    tickets_scanned: number;
    reports_created: number;
  };
  /**
   * A batch of the SLA job's warnings and breaches, each stored on its ticket already. Published
   * and awaited: the job goes on to the next batch once every subscriber is done with this one,
   * so what the job holds stays one batch, however many tickets it finds.
   */
  sla_alerts_raised: { alerts: RaisedSlaAlert[] };
  /** Stored for its recipient; pushed live to their room. */
  notification_created: { notification: NotificationRecord };
  /** One session ended (logout, refresh-token reuse): its live sockets close. */
  session_revoked: { user_id: string; session_id: string };
  /** Every session of a user ended (deactivation, role or password change). */
  user_sessions_revoked: { user_id: string };
  /** A user was created, or their role or activity changed (who is an active agent of which department). */
  user_account_changed: { user_id: string; role: UserRole; is_active: boolean };
}

export type DomainEventName = keyof DomainEventMap;

/** What subscribers of on_misuse_detected need of a report. */
export interface MisuseReportSummary {
  id: string;
  user_id: string;
  misuse_type: string;
  severity_level: string;
  evidence_data: { ticket_ids: string[]; content_samples: string[]; pattern_analysis: string };
}

@Injectable()
export class DomainEventBus {
  constructor(private readonly emitter: EventEmitter2) {}

  /**
   * Listeners run after the change is stored; a failing listener is its own feature's problem
   * (it logs and, for webhooks, re-drives from its outbox) and never undoes the change.
   */
  publish<E extends DomainEventName>(name: E, payload: DomainEventMap[E]): void {
    this.emitter.emit(name, payload);
  }

  /**
   * Publishes and resolves once every listener has finished, for an event whose listeners must be
   * done before the publisher announces anything else: `ticket_changed` takes sockets that may no
   * longer see the ticket out of its room, and the change's own events follow only then. Listener
   * failures are logged by the emitter's wrapper and never reject, as with publish.
   */
  async publishAndWait<E extends DomainEventName>(name: E, payload: DomainEventMap[E]): Promise<void> {
    await this.emitter.emitAsync(name, payload);
  }
}

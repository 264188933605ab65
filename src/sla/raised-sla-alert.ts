import type { TicketRecord } from '../tickets/ticket.types';
import type { SlaAlert } from './ticket-sla';

/** An alert the SLA job stored on its ticket, as its subscribers announce it. */
export interface RaisedSlaAlert extends SlaAlert {
  /** The ticket after the alert was stored (escalation included). */
  ticket: TicketRecord;
  /** The id of the webhook event recorded with it (the outbox's), which deliveries are named by. */
  event_id: string;
  raised_at: Date;
}

export const SLA_ALERT_EVENT = { warning: 'sla_warning', breach: 'sla_breached' } as const;

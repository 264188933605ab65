/** The events outbound webhooks can subscribe to (SPEC §6, §11.1's ticket_deleted, §11.2's SLA alerts). */
export const WEBHOOK_EVENTS = [
  'on_ticket_created',
  'on_message_sent',
  'on_ai_reply_suggested',
  'on_ticket_resolved',
  'on_ticket_closed',
  'on_misuse_detected',
  'ticket_deleted',
  'sla_warning',
  'sla_breached',
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

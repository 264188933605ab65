import type { DeliveryStatus } from './webhook.schema';
import type { WebhookEventName } from '../domain/webhook-event';

export interface WebhookSubscriptionRecord {
  id: string;
  url: string;
  events: WebhookEventName[];
  created_by: string;
  created_at: Date;
}

export interface WebhookDeliveryRecord {
  delivery_id: string;
  subscription_id: string;
  event: WebhookEventName;
  event_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

/** A delivery the sender has claimed: what it needs to send it. */
export interface ClaimedDelivery {
  delivery_id: string;
  subscription_id: string;
  event: WebhookEventName;
  body: string;
  attempts: number;
}

/** An event ready to fan out to its subscribers; `data` becomes the body's `data`. */
export interface OutboundEvent {
  event_id: string;
  name: WebhookEventName;
  occurred_at: Date;
  data: Record<string, unknown>;
}

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { WEBHOOK_EVENTS, type WebhookEventName } from '../domain/webhook-event';

@Schema({
  collection: 'webhook_subscriptions',
  versionKey: false,
  timestamps: { createdAt: 'created_at', updatedAt: false },
})
export class WebhookSubscriptionDocument {
  @Prop({ type: String, required: true, maxlength: 2048 }) url!: string;
  @Prop({ type: [String], required: true, enum: WEBHOOK_EVENTS }) events!: WebhookEventName[];
  /** The HMAC key; returned once, when the subscription is created, never listed. */
  @Prop({ type: String, required: true }) secret!: string;
  @Prop({ type: Types.ObjectId, required: true }) created_by!: Types.ObjectId;
  created_at!: Date;
}
export const WebhookSubscriptionSchema = SchemaFactory.createForClass(WebhookSubscriptionDocument);
// The relay looks up the subscribers of one event (that existed when it happened).
WebhookSubscriptionSchema.index({ events: 1, created_at: 1 });
WebhookSubscriptionSchema.index({ created_at: -1, _id: -1 });

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event for one subscription: the outbox row. Its body is fixed when it is written, so every
 * attempt sends the same bytes with the same signature and the same delivery id.
 */
@Schema({
  collection: 'webhook_deliveries',
  versionKey: false,
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
})
export class WebhookDeliveryDocument {
  @Prop({ type: String, required: true, unique: true }) delivery_id!: string;
  @Prop({ type: Types.ObjectId, required: true }) subscription_id!: Types.ObjectId;
  @Prop({ type: String, required: true, enum: WEBHOOK_EVENTS }) event!: WebhookEventName;
  @Prop({ type: String, required: true }) event_id!: string;
  @Prop({ type: String, required: true }) body!: string;
  @Prop({ type: String, required: true, enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  /** Attempts started (counted when claimed, so a crash mid-attempt still counts). */
  @Prop({ type: Number, required: true, default: 0 }) attempts!: number;
  /** When the next attempt is due; while an attempt runs, the end of its lease. */
  @Prop({ type: Date, required: true }) next_attempt_at!: Date;
  @Prop({ type: Number, default: null }) last_status_code!: number | null;
  @Prop({ type: String, default: null, maxlength: 500 }) last_error!: string | null;
  @Prop({ type: Date, default: null }) delivered_at!: Date | null;
  created_at!: Date;
  updated_at!: Date;
}
export const WebhookDeliverySchema = SchemaFactory.createForClass(WebhookDeliveryDocument);
// The sender's due-work query, and each subscription's newest-first delivery log.
WebhookDeliverySchema.index({ status: 1, next_attempt_at: 1 });
WebhookDeliverySchema.index({ subscription_id: 1, created_at: -1, _id: -1 });

/** Where the relay's last re-drive pass over one collection began (`_id`: tickets, messages). */
@Schema({ collection: 'webhook_relay_checkpoints', versionKey: false })
export class WebhookRelayCheckpointDocument {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: Date, required: true }) swept_from!: Date;
}
export const WebhookRelayCheckpointSchema = SchemaFactory.createForClass(WebhookRelayCheckpointDocument);

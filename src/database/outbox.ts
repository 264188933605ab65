import { randomUUID } from 'node:crypto';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Types } from 'mongoose';
import { WEBHOOK_EVENTS, type WebhookEventName } from '../domain/webhook-event';

/**
 * A webhook-worthy event, stored on the document whose change caused it, in the same write.
 * Without multi-document transactions this is what makes the outbox durable: whatever happens
 * after the write, the event is on record, and the relay (webhooks/) turns it into deliveries,
 * right away or on a later pass. The relay never writes these documents back, so background work
 * never contends with the requests that change tickets and messages.
 */
@Schema({ _id: false, versionKey: false })
export class OutboxEvent {
  @Prop({ type: String, required: true }) event_id!: string;
  @Prop({ type: String, required: true, enum: WEBHOOK_EVENTS }) name!: WebhookEventName;
  @Prop({ type: Date, required: true }) at!: Date;
  /** What the event says beyond its document, delivered with it (an SLA alert's target and due time). */
  @Prop({ type: Object, default: undefined }) detail?: Record<string, string>;
}
export const OutboxEventSchema = SchemaFactory.createForClass(OutboxEvent);

export function outboxEvent(
  name: WebhookEventName,
  at: Date = new Date(),
  detail?: Record<string, string>,
): OutboxEvent {
  return { event_id: randomUUID(), name, at, ...(detail ? { detail } : {}) };
}

/** Finds the documents with events recorded since a moment (the relay's re-drive). */
export const OUTBOX_EVENTS_INDEX = { 'webhook_events.at': 1 } as const;

export type WithOutboxEvents = { _id: Types.ObjectId; webhook_events?: OutboxEvent[] };

/**
 * Reading recorded events, the same for every collection that carries them: a persistence helper
 * the repositories of those collections hold (only repositories touch Mongoose).
 */
export class OutboxEventReader<Lean extends WithOutboxEvents> {
  constructor(private readonly model: Model<WithOutboxEvents>) {}

  /** Every document with an event at or after `from`, streamed (a window can be large). */
  async *since(from: Date): AsyncGenerator<Lean> {
    for await (const doc of this.model
      .find({ 'webhook_events.at': { $gte: from } })
      .lean<Lean>()
      .cursor())
      yield doc as Lean;
  }

  async one(id: string): Promise<Lean | null> {
    return this.model.findById(new Types.ObjectId(id)).lean<Lean>().exec();
  }
}

import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { isDuplicateKeyError } from '../database/duplicate-key';
import {
  WebhookDeliveryDocument,
  WebhookRelayCheckpointDocument,
  WebhookSubscriptionDocument,
  type DeliveryStatus,
} from './webhook.schema';
import type { ClaimedDelivery, OutboundEvent, WebhookDeliveryRecord, WebhookSubscriptionRecord } from './webhook.types';
import type { WebhookEventName } from '../domain/webhook-event';

/** The collections whose documents record webhook events. */
export type RelaySource = 'tickets' | 'messages' | 'misuse_reports' | 'deleted_tickets';

type LeanSubscription = WebhookSubscriptionDocument & { _id: Types.ObjectId };
type LeanDelivery = WebhookDeliveryDocument & { _id: Types.ObjectId };

function toSubscription(doc: LeanSubscription): WebhookSubscriptionRecord {
  return {
    id: doc._id.toHexString(),
    url: doc.url,
    events: doc.events,
    created_by: doc.created_by.toHexString(),
    created_at: doc.created_at,
  };
}

function toDelivery(doc: LeanDelivery): WebhookDeliveryRecord {
  return {
    delivery_id: doc.delivery_id,
    subscription_id: doc.subscription_id.toHexString(),
    event: doc.event,
    event_id: doc.event_id,
    status: doc.status,
    attempts: doc.attempts,
    next_attempt_at: doc.next_attempt_at,
    last_status_code: doc.last_status_code ?? null,
    last_error: doc.last_error ?? null,
    delivered_at: doc.delivered_at ?? null,
    created_at: doc.created_at,
  };
}

/**
 * The same event and subscription always give the same delivery id: writing the outbox twice (a
 * re-driven marker, two instances) meets the unique index instead of sending twice.
 */
export function deliveryIdFor(eventId: string, subscriptionId: string): string {
  return `dlv_${createHash('sha256').update(`${eventId}:${subscriptionId}`).digest('hex').slice(0, 32)}`;
}

/** A subscription as a re-drive pass needs it. */
export interface RelaySubscription {
  id: string;
  events: WebhookEventName[];
  created_at: Date;
}

@Injectable()
export class WebhooksRepository {
  constructor(
    @InjectModel(WebhookSubscriptionDocument.name) private readonly subscriptions: Model<WebhookSubscriptionDocument>,
    @InjectModel(WebhookDeliveryDocument.name) private readonly deliveries: Model<WebhookDeliveryDocument>,
    @InjectModel(WebhookRelayCheckpointDocument.name)
    private readonly checkpoints: Model<WebhookRelayCheckpointDocument>,
  ) {}

  async createSubscription(fields: {
    url: string;
    events: WebhookEventName[];
    secret: string;
    created_by: string;
  }): Promise<WebhookSubscriptionRecord> {
    const created = await this.subscriptions.create({ ...fields, created_by: new Types.ObjectId(fields.created_by) });
    return toSubscription(created.toObject<LeanSubscription>());
  }

  async listSubscriptions(
    skip: number,
    limit: number,
  ): Promise<{ webhooks: WebhookSubscriptionRecord[]; total: number }> {
    const [docs, total] = await Promise.all([
      this.subscriptions
        .find()
        .sort({ created_at: -1, _id: -1 })
        .skip(skip)
        .limit(limit)
        .lean<LeanSubscription[]>()
        .exec(),
      this.subscriptions.estimatedDocumentCount().exec(),
    ]);
    return { webhooks: docs.map(toSubscription), total };
  }

  async findSubscription(id: string): Promise<WebhookSubscriptionRecord | null> {
    const doc = await this.subscriptions.findById(id).lean<LeanSubscription>().exec();
    return doc ? toSubscription(doc) : null;
  }

  async secretOf(id: string): Promise<{ url: string; secret: string } | null> {
    const doc = await this.subscriptions.findById(id, { url: 1, secret: 1 }).lean<LeanSubscription>().exec();
    return doc ? { url: doc.url, secret: doc.secret } : null;
  }

  async deleteSubscription(id: string): Promise<boolean> {
    return (await this.subscriptions.deleteOne({ _id: new Types.ObjectId(id) }).exec()).deletedCount === 1;
  }

  /** Every event name some subscription asks for. */
  async subscribedEventNames(): Promise<WebhookEventName[]> {
    return this.subscriptions.distinct('events').exec();
  }

  /** Every subscription's events and creation time: what a re-drive pass matches events against. */
  async relaySubscriptions(): Promise<RelaySubscription[]> {
    const docs = await this.subscriptions
      .find({}, { events: 1, created_at: 1 })
      .lean<Array<{ _id: Types.ObjectId; events: WebhookEventName[]; created_at: Date }>>()
      .exec();
    return docs.map((doc) => ({ id: doc._id.toHexString(), events: doc.events, created_at: doc.created_at }));
  }

  /** Subscribers of the event that already existed when it happened. */
  async subscriberIds(event: WebhookEventName, at: Date): Promise<string[]> {
    const docs = await this.subscriptions
      .find({ events: event, created_at: { $lte: at } }, { _id: 1 })
      .lean<Array<{ _id: Types.ObjectId }>>()
      .exec();
    return docs.map((doc) => doc._id.toHexString());
  }

  /** Writes one pending delivery per subscriber; ones already written are left as they are. */
  async enqueue(event: OutboundEvent, subscriptionIds: string[], now: Date): Promise<number> {
    const ids = new Map(subscriptionIds.map((id) => [deliveryIdFor(event.event_id, id), id]));
    // Re-driven events mostly have their deliveries already: one read instead of failed inserts.
    const existing = await this.deliveries
      .find({ delivery_id: { $in: [...ids.keys()] } }, { delivery_id: 1 })
      .lean<Array<{ delivery_id: string }>>()
      .exec();
    for (const { delivery_id } of existing) ids.delete(delivery_id);
    let written = 0;
    for (const [deliveryId, subscriptionId] of ids) {
      const body = JSON.stringify({
        delivery_id: deliveryId,
        event_id: event.event_id,
        event: event.name,
        occurred_at: event.occurred_at.toISOString(),
        data: event.data,
      });
      try {
        await this.deliveries.create({
          delivery_id: deliveryId,
          subscription_id: new Types.ObjectId(subscriptionId),
          event: event.name,
          event_id: event.event_id,
          body,
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
        });
        written += 1;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    return written;
  }

  /**
   * Claims up to `limit` due deliveries by moving their due time to the end of a lease, so other
   * senders (other instances) pass over them while this one sends. A sender that dies mid-send
   * leaves the lease to run out, and the delivery is sent again: at least once.
   */
  async claimDue(now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    const due = await this.deliveries
      .find({ status: 'pending', next_attempt_at: { $lte: now } }, { delivery_id: 1, next_attempt_at: 1 })
      .sort({ next_attempt_at: 1 })
      .limit(limit)
      .lean<Array<Pick<LeanDelivery, 'delivery_id' | 'next_attempt_at'>>>()
      .exec();
    const claimed: ClaimedDelivery[] = [];
    for (const candidate of due) {
      const doc = await this.deliveries
        .findOneAndUpdate(
          { delivery_id: candidate.delivery_id, status: 'pending', next_attempt_at: candidate.next_attempt_at },
          { $set: { next_attempt_at: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
          { returnDocument: 'after' },
        )
        .lean<LeanDelivery>()
        .exec();
      if (doc)
        claimed.push({
          delivery_id: doc.delivery_id,
          subscription_id: doc.subscription_id.toHexString(),
          event: doc.event,
          body: doc.body,
          attempts: doc.attempts,
        });
    }
    return claimed;
  }

  async recordAttempt(
    deliveryId: string,
    outcome: { status: DeliveryStatus; statusCode: number | null; error: string | null; nextAttemptAt?: Date },
    now: Date,
  ): Promise<void> {
    await this.deliveries
      .updateOne(
        { delivery_id: deliveryId },
        {
          $set: {
            status: outcome.status,
            last_status_code: outcome.statusCode,
            last_error: outcome.error?.slice(0, 500) ?? null,
            ...(outcome.status === 'delivered' ? { delivered_at: now } : {}),
            ...(outcome.nextAttemptAt ? { next_attempt_at: outcome.nextAttemptAt } : {}),
          },
        },
      )
      .exec();
  }

  async sweptFrom(source: RelaySource): Promise<Date | null> {
    const doc = await this.checkpoints.findById(source).lean<WebhookRelayCheckpointDocument>().exec();
    return doc?.swept_from ?? null;
  }

  async saveSweptFrom(source: RelaySource, at: Date): Promise<void> {
    await this.checkpoints.updateOne({ _id: source }, { $set: { swept_from: at } }, { upsert: true }).exec();
  }

  async listDeliveries(
    subscriptionId: string,
    status: DeliveryStatus | undefined,
    skip: number,
    limit: number,
  ): Promise<{ deliveries: WebhookDeliveryRecord[]; total: number }> {
    const filter = { subscription_id: new Types.ObjectId(subscriptionId), ...(status ? { status } : {}) };
    const [docs, total] = await Promise.all([
      this.deliveries
        .find(filter)
        .sort({ created_at: -1, _id: -1 })
        .skip(skip)
        .limit(limit)
        .lean<LeanDelivery[]>()
        .exec(),
      this.deliveries.countDocuments(filter).exec(),
    ]);
    return { deliveries: docs.map(toDelivery), total };
  }
}

import { Injectable } from '@nestjs/common';
import {
  outboxEvent,
  OutboxEventReader,
  type OutboxEvent,
  type WithOutboxEvents,
} from '../common/outbox/webhook-events';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { MessageDocument } from './message.schema';
import type { MessageRecord } from './message.types';

type LeanMessage = MessageDocument & { _id: Types.ObjectId };

export function toMessageRecord(doc: LeanMessage): MessageRecord {
  return {
    id: doc._id.toHexString(),
    ticket_id: doc.ticket_id.toHexString(),
    sender_id: doc.sender_id.toHexString(),
    sender_role: doc.sender_role,
    message_type: doc.message_type,
    content: doc.content,
    isAI: doc.isAI,
    feedback: doc.feedback,
    timestamp: doc.timestamp,
    source_document_ids: doc.source_document_ids ?? [],
  };
}

export interface NewMessage {
  ticket_id: string;
  sender_id: string;
  sender_role: MessageRecord['sender_role'];
  message_type: MessageRecord['message_type'];
  content: string;
  isAI: boolean;
  source_document_ids: string[];
}

/** A message with the webhook event its creation recorded. */
export interface MessageWithWebhookEvents {
  message: MessageRecord;
  events: OutboxEvent[];
}

/** A position in a conversation: messages strictly after it are returned. */
export type MessageCursor = { kind: 'message'; id: string } | { kind: 'time'; at: Date };

@Injectable()
export class MessagesRepository {
  private readonly outbox: OutboxEventReader<LeanMessage>;

  constructor(@InjectModel(MessageDocument.name) private readonly model: Model<MessageDocument>) {
    this.outbox = new OutboxEventReader(model as unknown as Model<WithOutboxEvents>);
  }

  async create(message: NewMessage, at: Date): Promise<MessageRecord> {
    const created = await this.model.create({
      ...message,
      ticket_id: new Types.ObjectId(message.ticket_id),
      sender_id: new Types.ObjectId(message.sender_id),
      feedback: 'none',
      timestamp: at,
      webhook_events: [outboxEvent('on_message_sent', at)],
    });
    return toMessageRecord(created.toObject<LeanMessage>());
  }

  /** Messages with webhook events recorded at or after `from`, for the relay's re-drive. */
  async *withWebhookEventsSince(from: Date): AsyncGenerator<MessageWithWebhookEvents> {
    for await (const doc of this.outbox.since(from))
      yield { message: toMessageRecord(doc), events: doc.webhook_events ?? [] };
  }

  async findWithWebhookEvents(id: string): Promise<MessageWithWebhookEvents | null> {
    const doc = await this.outbox.one(id);
    return doc ? { message: toMessageRecord(doc), events: doc.webhook_events ?? [] } : null;
  }

  async findInTicket(ticketObjectId: string, messageId: string): Promise<MessageRecord | null> {
    const doc = await this.model
      .findOne({ _id: new Types.ObjectId(messageId), ticket_id: new Types.ObjectId(ticketObjectId) })
      .lean<LeanMessage>()
      .exec();
    return doc ? toMessageRecord(doc) : null;
  }

  /** Sets the feedback and returns the message as it was before, so callers can see what changed. */
  async setFeedback(messageId: string, feedback: MessageRecord['feedback']): Promise<MessageRecord | null> {
    const before = await this.model
      .findByIdAndUpdate(new Types.ObjectId(messageId), { $set: { feedback } }, { returnDocument: 'before' })
      .lean<LeanMessage>()
      .exec();
    return before ? toMessageRecord(before) : null;
  }

  /**
   * A page of the conversation, oldest first. With a cursor, only what came after it, so a client
   * that reconnects asks for exactly what it missed. Ordered by (timestamp, _id): ids break ties
   * between messages stored in the same millisecond.
   */
  async page(
    ticketObjectId: string,
    after: MessageCursor | null,
    skip: number,
    limit: number,
  ): Promise<{ messages: MessageRecord[]; total: number } | null> {
    const ticket = new Types.ObjectId(ticketObjectId);
    let query: Record<string, unknown> = { ticket_id: ticket };
    if (after?.kind === 'time') query = { ticket_id: ticket, timestamp: { $gt: after.at } };
    if (after?.kind === 'message') {
      const anchor = await this.model
        .findOne({ _id: new Types.ObjectId(after.id), ticket_id: ticket })
        .lean<LeanMessage>()
        .exec();
      if (!anchor) return null;
      query = {
        ticket_id: ticket,
        $or: [{ timestamp: { $gt: anchor.timestamp } }, { timestamp: anchor.timestamp, _id: { $gt: anchor._id } }],
      };
    }
    const [docs, total] = await Promise.all([
      this.model.find(query).sort({ timestamp: 1, _id: 1 }).skip(skip).limit(limit).lean<LeanMessage[]>().exec(),
      this.model.countDocuments(query).exec(),
    ]);
    return { messages: docs.map(toMessageRecord), total };
  }

  /** The whole conversation of a ticket, oldest first (bounded: tickets hold short chats). */
  async listForTicket(ticketObjectId: string, limit = 500): Promise<MessageRecord[]> {
    const docs = await this.model
      .find({ ticket_id: new Types.ObjectId(ticketObjectId) })
      .sort({ timestamp: 1, _id: 1 })
      .limit(limit)
      .lean<LeanMessage[]>()
      .exec();
    return docs.map(toMessageRecord);
  }
}

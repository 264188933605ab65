import { Injectable } from '@nestjs/common';
import { outboxEvent, OutboxEventReader, type OutboxEvent, type WithOutboxEvents } from '../database/outbox';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { MessageDocument, type MessageType } from './message.schema';
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

  /** Every message of a ticket, for its deletion; how many went. */
  async deleteAllOfTicket(ticketObjectId: string): Promise<number> {
    const result = await this.model.deleteMany({ ticket_id: new Types.ObjectId(ticketObjectId) }).exec();
    return result.deletedCount;
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
   * A page of the conversation, oldest first. With `after`, only what came after the cursor, so a
   * client that reconnects asks for exactly what it missed. With `before`, only what came before
   * it, paged backwards from the cursor (page 1 is the stretch right before it), so a client that
   * holds the newest messages scrolls back. Ordered by (timestamp, _id): ids break ties between
   * messages stored in the same millisecond. Null when a message cursor is not in this ticket.
   */
  async page(
    ticketObjectId: string,
    cursors: { after?: MessageCursor; before?: MessageCursor },
    skip: number,
    limit: number,
  ): Promise<{ messages: MessageRecord[]; total: number } | { missing: 'after' | 'before' }> {
    const ticket = new Types.ObjectId(ticketObjectId);
    // `before` alone pages backwards from it; with `after` too, the stretch between them is read forwards.
    const backwards = cursors.before !== undefined && cursors.after === undefined;
    const bounds: Array<Record<string, unknown>> = [];
    for (const side of ['after', 'before'] as const) {
      const cursor = cursors[side];
      if (!cursor) continue;
      const position = await this.position(ticket, cursor);
      if (!position) return { missing: side };
      bounds.push(side === 'after' ? laterThan(position) : earlierThan(position));
    }
    const query = { ticket_id: ticket, ...(bounds.length > 0 ? { $and: bounds } : {}) };
    const order = backwards ? -1 : 1;
    const [docs, total] = await Promise.all([
      this.model
        .find(query)
        .sort({ timestamp: order, _id: order })
        .skip(skip)
        .limit(limit)
        .lean<LeanMessage[]>()
        .exec(),
      this.model.countDocuments(query).exec(),
    ]);
    if (backwards) docs.reverse();
    return { messages: docs.map(toMessageRecord), total };
  }

  /** The newest `limit` messages of a ticket, oldest first, and how many the ticket holds in all. */
  async latest(ticketObjectId: string, limit: number): Promise<{ messages: MessageRecord[]; total: number }> {
    const ticket = new Types.ObjectId(ticketObjectId);
    const [docs, total] = await Promise.all([
      this.model.find({ ticket_id: ticket }).sort({ timestamp: -1, _id: -1 }).limit(limit).lean<LeanMessage[]>().exec(),
      this.model.countDocuments({ ticket_id: ticket }).exec(),
    ]);
    return { messages: docs.reverse().map(toMessageRecord), total };
  }

  /**
   * The newest `limit` messages one person sent in a ticket, oldest first: the requester's latest
   * turns, which a reply suggestion answers. Walks the ticket's index from its newest message.
   */
  async latestFrom(ticketObjectId: string, senderId: string, limit: number): Promise<MessageRecord[]> {
    const docs = await this.model
      .find({ ticket_id: new Types.ObjectId(ticketObjectId), sender_id: new Types.ObjectId(senderId) })
      .sort({ timestamp: -1, _id: -1 })
      .limit(limit)
      .lean<LeanMessage[]>()
      .exec();
    return docs.reverse().map(toMessageRecord);
  }

  /**
   * The newest `limit` messages of one type in a ticket, oldest first: the staff replies a
   * knowledge-base suggestion learns from. Walks the ticket's index from its newest message.
   */
  async latestOfType(ticketObjectId: string, messageType: MessageType, limit: number): Promise<MessageRecord[]> {
    const docs = await this.model
      .find({ ticket_id: new Types.ObjectId(ticketObjectId), message_type: messageType })
      .sort({ timestamp: -1, _id: -1 })
      .limit(limit)
      .lean<LeanMessage[]>()
      .exec();
    return docs.reverse().map(toMessageRecord);
  }

  /**
   * When each of these tickets got its first staff reply, for those that have one: the SLA job
   * checks before it calls a first response missed, since a reply and its record on the ticket
   * are two writes and a crash may come between them.
   */
  async firstStaffReplies(ticketObjectIds: string[]): Promise<Map<string, Date>> {
    if (ticketObjectIds.length === 0) return new Map();
    const rows = await this.model
      .aggregate<{ _id: Types.ObjectId; at: Date }>([
        {
          $match: {
            ticket_id: { $in: ticketObjectIds.map((id) => new Types.ObjectId(id)) },
            message_type: 'agent_message',
          },
        },
        { $group: { _id: '$ticket_id', at: { $min: '$timestamp' } } },
      ])
      .exec();
    return new Map(rows.map((row) => [row._id.toHexString(), row.at]));
  }

  /** Where a cursor stands in the ticket's (timestamp, _id) order; null for a message not in it. */
  private async position(ticket: Types.ObjectId, cursor: MessageCursor): Promise<Position | null> {
    if (cursor.kind === 'time') return { timestamp: cursor.at, id: null };
    const anchor = await this.model
      .findOne({ _id: new Types.ObjectId(cursor.id), ticket_id: ticket })
      .lean<LeanMessage>()
      .exec();
    return anchor ? { timestamp: anchor.timestamp, id: anchor._id } : null;
  }
}

/** A point in the (timestamp, _id) order: a message, or a moment (between any two messages). */
interface Position {
  timestamp: Date;
  id: Types.ObjectId | null;
}

function laterThan({ timestamp, id }: Position): Record<string, unknown> {
  if (!id) return { timestamp: { $gt: timestamp } };
  return { $or: [{ timestamp: { $gt: timestamp } }, { timestamp, _id: { $gt: id } }] };
}

function earlierThan({ timestamp, id }: Position): Record<string, unknown> {
  if (!id) return { timestamp: { $lt: timestamp } };
  return { $or: [{ timestamp: { $lt: timestamp } }, { timestamp, _id: { $lt: id } }] };
}

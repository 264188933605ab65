import { Injectable } from '@nestjs/common';
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
  };
}

@Injectable()
export class MessagesRepository {
  constructor(@InjectModel(MessageDocument.name) private readonly model: Model<MessageDocument>) {}

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

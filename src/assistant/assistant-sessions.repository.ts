import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { AssistantSessionDocument, SESSION_MEMORY } from './assistant-session.schema';

export interface Exchange {
  query: string;
  answer: string;
}

@Injectable()
export class AssistantSessionsRepository {
  constructor(@InjectModel(AssistantSessionDocument.name) private readonly sessions: Model<AssistantSessionDocument>) {}

  /** The user's own session's exchanges, oldest first; null for an unknown session or someone else's. */
  async findExchanges(sessionId: string, userId: string): Promise<Exchange[] | null> {
    const session = await this.sessions
      .findOne({ session_id: sessionId, user_id: new Types.ObjectId(userId) })
      .lean()
      .exec();
    return session ? session.exchanges : null;
  }

  /** Appends an exchange, keeping only the last SESSION_MEMORY. */
  async saveExchanges(sessionId: string, userId: string, exchanges: Exchange[]): Promise<void> {
    await this.sessions
      .updateOne(
        { session_id: sessionId },
        {
          $set: { exchanges: exchanges.slice(-SESSION_MEMORY) },
          $setOnInsert: { user_id: new Types.ObjectId(userId) },
        },
        { upsert: true },
      )
      .exec();
  }
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import type { Exchange } from '../ai/ai.ports';
import { AssistantSessionDocument, SESSION_MEMORY } from './assistant-session.schema';

/** A session as services see it. */
export interface AssistantSession {
  sessionId: string;
  /** The last SESSION_MEMORY exchanges, oldest first. */
  exchanges: Exchange[];
  /** Null for sessions stored before the first question was kept apart. */
  firstQuery: string | null;
  questionCount: number;
  /** The ticket raised from this session, if one was. */
  ticketId: string | null;
}

type StoredSession = Pick<
  AssistantSessionDocument,
  'session_id' | 'exchanges' | 'first_query' | 'question_count' | 'ticket_id'
>;

function toSession(stored: StoredSession): AssistantSession {
  return {
    sessionId: stored.session_id,
    exchanges: stored.exchanges.map(({ query, answer }) => ({ query, answer })),
    firstQuery: stored.first_query ?? null,
    questionCount: stored.question_count ?? stored.exchanges.length,
    ticketId: stored.ticket_id ?? null,
  };
}

@Injectable()
export class AssistantSessionsRepository {
  constructor(@InjectModel(AssistantSessionDocument.name) private readonly sessions: Model<AssistantSessionDocument>) {}

  /** The user's own session; null for an unknown session or someone else's (the caller answers both with 404). */
  async find(sessionId: string, userId: string): Promise<AssistantSession | null> {
    const session = await this.sessions
      .findOne({ session_id: sessionId, user_id: new Types.ObjectId(userId) })
      .lean()
      .exec();
    return session ? toSession(session) : null;
  }

  /**
   * Appends an exchange, keeping only the last SESSION_MEMORY, and starts the session if it is new.
   * One atomic update: two follow-ups sent at once both stay (a read-modify-write would drop one).
   */
  async appendExchange(sessionId: string, userId: string, exchange: Exchange): Promise<void> {
    await this.sessions
      .updateOne(
        { session_id: sessionId },
        {
          $push: { exchanges: { $each: [exchange], $slice: -SESSION_MEMORY } },
          $inc: { question_count: 1 },
          $setOnInsert: { user_id: new Types.ObjectId(userId), first_query: exchange.query },
        },
        { upsert: true },
      )
      .exec();
  }

  /**
   * Claims the user's session for raising its ticket: only if no ticket was raised from it and no
   * other request holds a claim taken after `staleBefore`. The database decides between concurrent
   * requests (one conditional update), so at most one intake runs per session. Null when the claim
   * is refused or the session is not the user's; the caller finds out which.
   */
  async claimForTicket(
    sessionId: string,
    userId: string,
    claimId: string,
    now: Date,
    staleBefore: Date,
  ): Promise<AssistantSession | null> {
    const claimed = await this.sessions
      .findOneAndUpdate(
        {
          session_id: sessionId,
          user_id: new Types.ObjectId(userId),
          ticket_id: null,
          $or: [{ ticket_claim: null }, { 'ticket_claim.claimed_at': { $lt: staleBefore } }],
        },
        { $set: { ticket_claim: { claim_id: claimId, claimed_at: now } } },
        { returnDocument: 'after' },
      )
      .lean()
      .exec();
    return claimed ? toSession(claimed) : null;
  }

  /** Gives a claim up (the intake refused or failed), unless another request has taken it over since. */
  async releaseTicketClaim(sessionId: string, claimId: string): Promise<void> {
    await this.sessions
      .updateOne({ session_id: sessionId, 'ticket_claim.claim_id': claimId }, { $set: { ticket_claim: null } })
      .exec();
  }

  /** Records the ticket raised under the claim; false if the claim was lost meanwhile (it went stale). */
  async recordTicket(sessionId: string, claimId: string, ticketId: string, raisedAt: Date): Promise<boolean> {
    const result = await this.sessions
      .updateOne(
        { session_id: sessionId, 'ticket_claim.claim_id': claimId },
        { $set: { ticket_id: ticketId, ticket_raised_at: raisedAt, ticket_claim: null } },
      )
      .exec();
    return result.matchedCount === 1;
  }
}

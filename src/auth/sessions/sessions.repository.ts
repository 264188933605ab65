import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { RefreshTokenDocument, SessionDocument, type SessionRevokeReason } from './session.schema';
import { isDuplicateKeyError } from '../../database/duplicate-key';
import type { UserRole } from '../../domain/user-role';

export interface StoredRefreshToken {
  sessionId: string;
  userId: string;
  expiresAt: Date;
  usedAt: Date | null;
}

@Injectable()
export class SessionsRepository {
  constructor(
    @InjectModel(SessionDocument.name) private readonly sessions: Model<SessionDocument>,
    @InjectModel(RefreshTokenDocument.name) private readonly refreshTokens: Model<RefreshTokenDocument>,
  ) {}

  async createSession(userId: string, role: UserRole, expiresAt: Date): Promise<string> {
    const created = await this.sessions.create({ user_id: new Types.ObjectId(userId), role, expires_at: expiresAt });
    return created._id.toHexString();
  }

  /**
   * The guard's one read per request: live means not revoked and not past its refresh lifetime.
   * Looked up by `_id` alone and checked here: a primary-key read, the cheapest a server answers.
   */
  async isSessionLive(sessionId: string, userId: string, now: Date): Promise<boolean> {
    const session = await this.sessions
      .findById(new Types.ObjectId(sessionId), { user_id: 1, revoked_at: 1, expires_at: 1 })
      .lean()
      .exec();
    return (
      session !== null &&
      session.user_id.equals(userId) &&
      !session.revoked_at &&
      session.expires_at.getTime() > now.getTime()
    );
  }

  async extendSession(sessionId: string, expiresAt: Date, now: Date): Promise<boolean> {
    const result = await this.sessions
      .updateOne(
        { _id: new Types.ObjectId(sessionId), revoked_at: null },
        { $set: { expires_at: expiresAt, last_refreshed_at: now } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  async revokeSession(sessionId: string, reason: SessionRevokeReason, now: Date): Promise<void> {
    await this.sessions
      .updateOne(
        { _id: new Types.ObjectId(sessionId), revoked_at: null },
        { $set: { revoked_at: now, revoked_reason: reason } },
      )
      .exec();
  }

  async revokeAllForUser(userId: string, reason: SessionRevokeReason, now: Date): Promise<number> {
    const result = await this.sessions
      .updateMany(
        { user_id: new Types.ObjectId(userId), revoked_at: null },
        { $set: { revoked_at: now, revoked_reason: reason } },
      )
      .exec();
    return result.modifiedCount;
  }

  /**
   * Stores a refresh token. With `parentHash` it is the successor of that token, and false means
   * the parent was already exchanged (the unique index on parent_hash refused a second successor).
   */
  async addRefreshToken(
    token: { hash: string; expiresAt: Date },
    parentHash: string | null,
    sessionId: string,
    userId: string,
  ): Promise<boolean> {
    try {
      await this.refreshTokens.create({
        token_hash: token.hash,
        parent_hash: parentHash ?? `root:${token.hash}`,
        session_id: new Types.ObjectId(sessionId),
        user_id: new Types.ObjectId(userId),
        expires_at: token.expiresAt,
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async findRefreshToken(tokenHash: string): Promise<StoredRefreshToken | null> {
    const token = await this.refreshTokens.findOne({ token_hash: tokenHash }).lean().exec();
    return token
      ? {
          sessionId: token.session_id.toHexString(),
          userId: token.user_id.toHexString(),
          expiresAt: token.expires_at,
          usedAt: token.used_at ?? null,
        }
      : null;
  }

  async markRefreshTokenUsed(tokenHash: string, now: Date): Promise<void> {
    await this.refreshTokens.updateOne({ token_hash: tokenHash, used_at: null }, { $set: { used_at: now } }).exec();
  }

  /**
   * Housekeeping at sign-in: drop this user's expired records. (A TTL index would do it in the
   * server; the existing `expires_at` indexes cannot become TTL ones without a migration.)
   */
  async purgeExpiredForUser(userId: string, now: Date): Promise<void> {
    const user = new Types.ObjectId(userId);
    await Promise.all([
      this.refreshTokens.deleteMany({ user_id: user, expires_at: { $lt: now } }).exec(),
      this.sessions.deleteMany({ user_id: user, expires_at: { $lt: now } }).exec(),
    ]);
  }
}

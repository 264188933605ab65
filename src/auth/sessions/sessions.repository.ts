import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import type { UserRole } from '../../users/user-role';
import { RefreshTokenDocument, SessionDocument, type SessionRevokeReason } from './session.schema';

export interface SpentRefreshToken {
  sessionId: string;
  userId: string;
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

  /** The guard's one read per request: live means not revoked and not past its refresh lifetime. */
  async isSessionLive(sessionId: string, userId: string, now: Date): Promise<boolean> {
    const found = await this.sessions
      .exists({
        _id: new Types.ObjectId(sessionId),
        user_id: new Types.ObjectId(userId),
        revoked_at: null,
        expires_at: { $gt: now },
      })
      .exec();
    return found !== null;
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

  async addRefreshToken(tokenHash: string, sessionId: string, userId: string, expiresAt: Date): Promise<void> {
    await this.refreshTokens.create({
      token_hash: tokenHash,
      session_id: new Types.ObjectId(sessionId),
      user_id: new Types.ObjectId(userId),
      expires_at: expiresAt,
    });
  }

  /**
   * Spends a refresh token in one atomic step, so of two requests presenting the same token
   * exactly one succeeds. Null when the token is unknown, expired or already spent.
   */
  async spendRefreshToken(tokenHash: string, now: Date): Promise<SpentRefreshToken | null> {
    const spent = await this.refreshTokens
      .findOneAndUpdate(
        { token_hash: tokenHash, used_at: null, expires_at: { $gt: now } },
        { $set: { used_at: now } },
        // No projection: FerretDB 1.24 does not implement findAndModify's `fields`.
      )
      .lean()
      .exec();
    return spent ? { sessionId: spent.session_id.toHexString(), userId: spent.user_id.toHexString() } : null;
  }

  /** The session of a token that was already spent: presenting it again is reuse. */
  async sessionOfSpentToken(tokenHash: string): Promise<string | null> {
    const token = await this.refreshTokens
      .findOne({ token_hash: tokenHash, used_at: { $ne: null } }, { session_id: 1 })
      .lean()
      .exec();
    return token ? token.session_id.toHexString() : null;
  }

  /** Housekeeping without TTL indexes (FerretDB has none): drop this user's expired records. */
  async purgeExpiredForUser(userId: string, now: Date): Promise<void> {
    const user = new Types.ObjectId(userId);
    await Promise.all([
      this.refreshTokens.deleteMany({ user_id: user, expires_at: { $lt: now } }).exec(),
      this.sessions.deleteMany({ user_id: user, expires_at: { $lt: now } }).exec(),
    ]);
  }
}

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { USER_ROLES, type UserRole } from '../../domain/user-role';

export const SESSION_REVOKE_REASONS = [
  'logout',
  'refresh_token_reuse',
  'password_changed',
  'user_deactivated',
  'role_changed',
] as const;
export type SessionRevokeReason = (typeof SESSION_REVOKE_REASONS)[number];

/**
 * One sign-in: the refresh-token family and every access token issued from it (they carry its id
 * as `sid`). Revoking it ends them all at once, on every instance, because the guard reads it.
 */
@Schema({ collection: 'sessions', timestamps: { createdAt: 'created_at', updatedAt: false }, versionKey: false })
export class SessionDocument {
  @Prop({ type: Types.ObjectId, required: true })
  user_id!: Types.ObjectId;

  @Prop({ type: String, required: true, enum: USER_ROLES })
  role!: UserRole;

  @Prop({ type: Date, required: true })
  expires_at!: Date;

  @Prop({ type: Date, default: null })
  last_refreshed_at!: Date | null;

  @Prop({ type: Date, default: null })
  revoked_at!: Date | null;

  @Prop({ type: String, enum: SESSION_REVOKE_REASONS, default: null })
  revoked_reason!: SessionRevokeReason | null;

  created_at!: Date;
}

export const SessionSchema = SchemaFactory.createForClass(SessionDocument);
// Serves "revoke every live session of this user" and the per-user clean-up of expired ones.
SessionSchema.index({ user_id: 1, revoked_at: 1 });
SessionSchema.index({ user_id: 1, expires_at: 1 });

/**
 * A refresh token, stored only as its SHA-256. Spending one means inserting its successor, whose
 * `parent_hash` is unique: of two requests presenting the same token only one insert succeeds.
 */
@Schema({ collection: 'refresh_tokens', timestamps: { createdAt: 'created_at', updatedAt: false }, versionKey: false })
export class RefreshTokenDocument {
  @Prop({ type: String, required: true, unique: true })
  token_hash!: string;

  /** The token this one replaced, or `root:<own hash>` for the first of a session. */
  @Prop({ type: String, required: true, unique: true })
  parent_hash!: string;

  @Prop({ type: Types.ObjectId, required: true })
  session_id!: Types.ObjectId;

  @Prop({ type: Types.ObjectId, required: true })
  user_id!: Types.ObjectId;

  @Prop({ type: Date, required: true })
  expires_at!: Date;

  /** When it was exchanged; presenting it again after that is reuse. */
  @Prop({ type: Date, default: null })
  used_at!: Date | null;

  created_at!: Date;
}

export const RefreshTokenSchema = SchemaFactory.createForClass(RefreshTokenDocument);
RefreshTokenSchema.index({ session_id: 1 });
RefreshTokenSchema.index({ user_id: 1, expires_at: 1 });

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { USER_ROLES, type UserRole } from '../domain/user-role';

@Schema({ collection: 'users', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' }, versionKey: false })
export class UserDocument {
  /** Stored lower-case: sign-in is case-insensitive and "Alice" cannot shadow "alice". */
  @Prop({ type: String, required: true, unique: true, trim: true, lowercase: true })
  username!: string;

  @Prop({ type: String, required: true, unique: true, trim: true, lowercase: true })
  email!: string;

  @Prop({ type: String, required: true })
  password_hash!: string;

  @Prop({ type: String, required: true, enum: USER_ROLES })
  role!: UserRole;

  @Prop({ type: Boolean, required: true, default: true })
  is_active!: boolean;

  @Prop({ type: Date, default: null })
  last_login!: Date | null;

  /** When the daily ticket quota frees up again, set when a user hits it. */
  @Prop({ type: Date, default: null })
  rate_limit_reset!: Date | null;

  /** For agents: when they were last given a ticket (ties in load go to the one waiting longest). */
  @Prop({ type: Date, default: null })
  last_assigned_at!: Date | null;

  created_at!: Date;
  updated_at!: Date;
}

export const UserSchema = SchemaFactory.createForClass(UserDocument);
// Serves "active agents of a role" (assignment) and the admin list filters.
// The users list is newest first, ties by _id, for each filter (role, is_active, both, neither);
// the {role, is_active} one also gives a role's active agents oldest first, read backwards.
UserSchema.index({ created_at: -1, _id: -1 });
UserSchema.index({ role: 1, created_at: -1, _id: -1 });
UserSchema.index({ is_active: 1, created_at: -1, _id: -1 });
UserSchema.index({ role: 1, is_active: 1, created_at: -1, _id: -1 });
UserSchema.index({ role: 1, _id: 1 }); // the misuse job walks requesters in id order

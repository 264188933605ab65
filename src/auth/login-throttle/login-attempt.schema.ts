import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Failures counted per key (see `throttleKeys` in login-throttle.policy.ts) in a fixed window. */
@Schema({ collection: 'login_attempts', versionKey: false })
export class LoginAttemptDocument {
  @Prop({ type: String, required: true, unique: true })
  key!: string;

  @Prop({ type: Number, required: true })
  failures!: number;

  @Prop({ type: Date, required: true })
  window_ends_at!: Date;
}

export const LoginAttemptSchema = SchemaFactory.createForClass(LoginAttemptDocument);
// Serves the clean-up of finished windows.
LoginAttemptSchema.index({ window_ends_at: 1 });

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Failed sign-ins counted per key (`user:<name>` or `ip:<address>`) in a fixed window. */
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

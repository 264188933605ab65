import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

export const SESSION_MEMORY = 3;

/** A self-serve conversation: the last three exchanges, so follow-up questions have context. */
@Schema({
  collection: 'assistant_sessions',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  versionKey: false,
})
export class AssistantSessionDocument {
  @Prop({ type: String, required: true, unique: true }) session_id!: string;
  @Prop({ type: Types.ObjectId, required: true }) user_id!: Types.ObjectId;
  @Prop({ type: [{ _id: false, query: String, answer: String }], default: [] }) exchanges!: Array<{
    query: string;
    answer: string;
  }>;
  created_at!: Date;
  updated_at!: Date;
}

export const AssistantSessionSchema = SchemaFactory.createForClass(AssistantSessionDocument);

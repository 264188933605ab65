import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/**
 * How long an unanswered question is kept. The list exists to show admins what the knowledge base
 * lacks now; after half a year the knowledge base has moved on, and the questions are employees'
 * own words tied to their accounts, kept no longer than that use needs.
 */
export const UNANSWERED_QUESTION_RETENTION_DAYS = 180;

/** A question the self-serve bot found nothing for (SPEC §11.1 knowledge gaps). Append-only. */
@Schema({ collection: 'unanswered_questions', versionKey: false })
export class UnansweredQuestionDocument {
  @Prop({ type: String, required: true }) query!: string;
  /** questionWords(query) when it was asked: what the grouping compares. */
  @Prop({ type: [String], required: true }) content_words!: string[];
  @Prop({ type: Types.ObjectId, required: true }) user_id!: Types.ObjectId;
  @Prop({ type: String, required: true }) session_id!: string;
  @Prop({ type: Date, required: true }) asked_at!: Date;
}

export const UnansweredQuestionSchema = SchemaFactory.createForClass(UnansweredQuestionDocument);
// The server removes questions past their retention by itself (a TTL index).
UnansweredQuestionSchema.index(
  { asked_at: 1 },
  { expireAfterSeconds: UNANSWERED_QUESTION_RETENTION_DAYS * 86_400, name: 'asked_at_ttl' },
);
// The list reads the newest questions of a range: a bounded, index-ordered read with a total order.
UnansweredQuestionSchema.index({ asked_at: -1, _id: -1 });

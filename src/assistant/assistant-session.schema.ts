import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

export const SESSION_MEMORY = 3;

/**
 * A session is forgotten this long after its last question (a TTL index on updated_at, which
 * every exchange and every ticket raised from it moves): follow-ups come within minutes, and the
 * questions are the employee's own words, kept no longer than they serve.
 */
export const SESSION_IDLE_DAYS = 30;

/** A request raising a ticket from the session holds this while the intake runs (see SelfServeTicketsService). */
export class TicketClaim {
  claim_id!: string;
  claimed_at!: Date;
}

const TicketClaimSchema = new MongooseSchema<TicketClaim>(
  { claim_id: { type: String, required: true }, claimed_at: { type: Date, required: true } },
  { _id: false },
);

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
  /** The question the session began with, kept after it leaves `exchanges`: a ticket's title is drafted from it. */
  @Prop({ type: String }) first_query?: string;
  /** Questions asked in all, so a ticket can say how many are not in `exchanges`. */
  @Prop({ type: Number }) question_count?: number;
  /** The ticket raised from the session (its ticket_id): one per session. */
  @Prop({ type: String, default: null }) ticket_id!: string | null;
  @Prop({ type: Date, default: null }) ticket_raised_at!: Date | null;
  /** Held while a ticket is being raised, so two requests cannot both raise one. */
  @Prop({ type: TicketClaimSchema, default: null }) ticket_claim!: TicketClaim | null;
  created_at!: Date;
  updated_at!: Date;
}

export const AssistantSessionSchema = SchemaFactory.createForClass(AssistantSessionDocument);
AssistantSessionSchema.index({ updated_at: 1 }, { expireAfterSeconds: SESSION_IDLE_DAYS * 86_400 });

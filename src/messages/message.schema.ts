import { OUTBOX_EVENTS_INDEX, OutboxEventSchema, type OutboxEvent } from '../database/outbox';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { USER_ROLES, type UserRole } from '../domain/user-role';

export const MESSAGE_TYPES = ['user_message', 'agent_message', 'system_message'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
export const MESSAGE_FEEDBACK = ['up', 'down', 'none'] as const;
export type MessageFeedback = (typeof MESSAGE_FEEDBACK)[number];

@Schema({ collection: 'messages', versionKey: false })
export class MessageDocument {
  /** The ticket's ObjectId. */
  @Prop({ type: Types.ObjectId, required: true }) ticket_id!: Types.ObjectId;
  @Prop({ type: Types.ObjectId, required: true }) sender_id!: Types.ObjectId;
  @Prop({ type: String, required: true, enum: USER_ROLES }) sender_role!: UserRole;
  @Prop({ type: String, required: true, enum: MESSAGE_TYPES }) message_type!: MessageType;
  @Prop({ type: String, required: true, maxlength: 1000 }) content!: string;
  @Prop({ type: Boolean, required: true, default: false }) isAI!: boolean;
  @Prop({ type: String, required: true, enum: MESSAGE_FEEDBACK, default: 'none' }) feedback!: MessageFeedback;
  @Prop({ type: Date, required: true }) timestamp!: Date;
  /** For AI-drafted replies: the knowledge-base documents the draft drew on (feedback rates them). */
  @Prop({ type: [String], default: [] }) source_document_ids!: string[];
  /** Webhook events of this message recorded with them for the webhook relay (see OutboxEvent). */
  @Prop({ type: [OutboxEventSchema], default: undefined }) webhook_events?: OutboxEvent[];
}

export const MessageSchema = SchemaFactory.createForClass(MessageDocument);
// A ticket's conversation, oldest first (and the `after` cursor of reconnecting clients).
MessageSchema.index({ ticket_id: 1, timestamp: 1, _id: 1 });
MessageSchema.index(OUTBOX_EVENTS_INDEX, { sparse: true }); // the webhook relay's re-drive

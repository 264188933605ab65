import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { NOTIFICATION_TYPES, type NotificationType } from './notification.types';

@Schema({ collection: 'notifications', versionKey: false, timestamps: { createdAt: 'created_at', updatedAt: false } })
export class NotificationDocument {
  @Prop({ type: String, required: true, unique: true }) notification_id!: string;
  @Prop({ type: Types.ObjectId, required: true }) user_id!: Types.ObjectId;
  @Prop({ type: String, required: true, maxlength: 200 }) title!: string;
  @Prop({ type: String, required: true, maxlength: 1000 }) message!: string;
  @Prop({ type: String, required: true, enum: NOTIFICATION_TYPES }) type!: NotificationType;
  @Prop({ type: Boolean, required: true, default: false }) read!: boolean;
  /** Ids a client needs to open what the notification is about (ticket_id, report_id, …). */
  @Prop({ type: Object, default: {} }) data!: Record<string, unknown>;
  created_at!: Date;
}

export const NotificationSchema = SchemaFactory.createForClass(NotificationDocument);
// The newest-first list of one user's notifications.
NotificationSchema.index({ user_id: 1, created_at: -1, _id: -1 });
// The unread count and the unread-only list (and mark-all-read).
NotificationSchema.index({ user_id: 1, read: 1, created_at: -1, _id: -1 });
// What a ticket's deletion removes: the notifications about it (`data.id` is the ticket's ObjectId).
NotificationSchema.index({ 'data.id': 1 }, { sparse: true });

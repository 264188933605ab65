import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { timestampedId } from '../common/ids';
import { NotificationDocument } from './notification.schema';
import type { NewNotification, NotificationRecord } from './notification.types';

type LeanNotification = NotificationDocument & { _id: Types.ObjectId };

function toRecord(doc: LeanNotification): NotificationRecord {
  return {
    notification_id: doc.notification_id,
    user_id: doc.user_id.toHexString(),
    title: doc.title,
    message: doc.message,
    type: doc.type,
    read: doc.read,
    created_at: doc.created_at,
    data: doc.data ?? {},
  };
}

/** Every query is scoped by user_id: a notification is only ever found through its owner. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectModel(NotificationDocument.name) private readonly model: Model<NotificationDocument>) {}

  /** Stores each notification for its recipient, all in one insert. */
  async createAll(
    entries: Array<{ userId: string; notification: NewNotification }>,
    now: Date,
  ): Promise<NotificationRecord[]> {
    if (entries.length === 0) return [];
    const created = await this.model.insertMany(
      entries.map(({ userId, notification }) => ({
        ...notification,
        notification_id: timestampedId('NOT', now),
        user_id: new Types.ObjectId(userId),
        read: false,
      })),
    );
    return created.map((doc) => toRecord(doc.toObject<LeanNotification>()));
  }

  async list(
    userId: string,
    unreadOnly: boolean,
    skip: number,
    limit: number,
  ): Promise<{ notifications: NotificationRecord[]; total: number }> {
    const filter = { user_id: new Types.ObjectId(userId), ...(unreadOnly ? { read: false } : {}) };
    const [docs, total] = await Promise.all([
      this.model
        .find(filter)
        .sort({ created_at: -1, _id: -1 })
        .skip(skip)
        .limit(limit)
        .lean<LeanNotification[]>()
        .exec(),
      this.model.countDocuments(filter).exec(),
    ]);
    return { notifications: docs.map(toRecord), total };
  }

  async countUnread(userId: string): Promise<number> {
    return this.model.countDocuments({ user_id: new Types.ObjectId(userId), read: false }).exec();
  }

  async markRead(userId: string, notificationId: string): Promise<NotificationRecord | null> {
    const doc = await this.model
      .findOneAndUpdate(
        { notification_id: notificationId, user_id: new Types.ObjectId(userId) },
        { $set: { read: true } },
        { returnDocument: 'after' },
      )
      .lean<LeanNotification>()
      .exec();
    return doc ? toRecord(doc) : null;
  }

  async markAllRead(userId: string): Promise<number> {
    const result = await this.model
      .updateMany({ user_id: new Types.ObjectId(userId), read: false }, { $set: { read: true } })
      .exec();
    return result.modifiedCount;
  }

  /** Every notification about a ticket, whoever got it (the ticket was deleted); how many went. */
  async deleteAboutTicket(ticketObjectId: string): Promise<number> {
    const result = await this.model.deleteMany({ 'data.id': ticketObjectId }).exec();
    return result.deletedCount;
  }

  async delete(userId: string, notificationId: string): Promise<boolean> {
    const result = await this.model
      .deleteOne({ notification_id: notificationId, user_id: new Types.ObjectId(userId) })
      .exec();
    return result.deletedCount === 1;
  }
}

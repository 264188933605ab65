import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { DomainEventBus } from '../events/domain-events';
import { buildPagination, skipFor } from '../common/http/pagination';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { ListNotificationsQueryDto, NotificationDeletedDto, NotificationListDto } from './dto/notification.dto';
import type { NewNotification, NotificationRecord } from './notification.types';
import { NotificationsRepository } from './notifications.repository';

@Injectable()
export class NotificationsService {
  private readonly logger: AppLogger;

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly events: DomainEventBus,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'notifications' });
  }

  /** Stores one notification per recipient (each once) and pushes it live to their room. */
  notify(userIds: Array<string | null | undefined>, notification: NewNotification): Promise<void> {
    return this.notifyEach([{ userIds, notification }]);
  }

  /** As `notify`, for many notifications at once (a batch of the SLA job's alerts): one insert for all. */
  async notifyEach(
    items: Array<{ userIds: Array<string | null | undefined>; notification: NewNotification }>,
  ): Promise<void> {
    const entries = items.flatMap(({ userIds, notification }) =>
      [...new Set(userIds.filter((id): id is string => Boolean(id)))].map((userId) => ({ userId, notification })),
    );
    const created = await this.notifications.createAll(entries, new Date());
    for (const record of created) this.events.publish('notification_created', { notification: record });
    const types = [...new Set(items.map(({ notification }) => notification.type))];
    if (created.length > 0) this.logger.info({ data: { types, recipients: created.length } }, 'notifications_sent');
  }

  /** A deleted ticket's notifications go with it, from every inbox (SPEC §11.1). */
  async forgetTicket(ticketObjectId: string): Promise<void> {
    const removed = await this.notifications.deleteAboutTicket(ticketObjectId);
    if (removed > 0) this.logger.info({ data: { ticket: ticketObjectId, removed } }, 'notifications_of_ticket_removed');
  }

  async list(userId: string, query: ListNotificationsQueryDto): Promise<NotificationListDto> {
    const { notifications, total } = await this.notifications.list(
      userId,
      query.unread_only ?? false,
      skipFor(query.page, query.limit),
      query.limit,
    );
    return { notifications, total_count: total, pagination: buildPagination(total, query.page, query.limit) };
  }

  async unreadCount(userId: string): Promise<{ unread_count: number }> {
    return { unread_count: await this.notifications.countUnread(userId) };
  }

  /** Someone else's notification answers 404, exactly like one that does not exist. */
  async markRead(userId: string, notificationId: string): Promise<NotificationRecord> {
    const updated = await this.notifications.markRead(userId, notificationId);
    if (!updated) throw AppError.notFound('Notification');
    return updated;
  }

  async markAllRead(userId: string): Promise<{ message: string; updated: number }> {
    return { message: 'All notifications marked as read', updated: await this.notifications.markAllRead(userId) };
  }

  async delete(userId: string, notificationId: string): Promise<NotificationDeletedDto> {
    if (!(await this.notifications.delete(userId, notificationId))) throw AppError.notFound('Notification');
    return { message: 'Notification deleted' };
  }
}

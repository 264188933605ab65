import { Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '../common/auth/access.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import {
  ListNotificationsQueryDto,
  MarkAllReadDto,
  NOTIFICATION_EXAMPLE,
  NotificationDeletedDto,
  NotificationDto,
  NotificationIdParam,
  NotificationListDto,
  UnreadCountDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

/** The caller's own notifications; every other user's are invisible (404). */
@ApiTags('Notifications')
@Authenticated()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({
    summary: 'Your notifications, newest first',
    description:
      'Paginated; unread_only=true leaves out the read ones. Connected Socket.IO clients also receive each one ' +
      'live, as the `notification` event.',
  })
  @ApiOkResponse({ type: NotificationListDto })
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ListNotificationsQueryDto,
  ): Promise<NotificationListDto> {
    return this.notifications.list(caller.id, query);
  }

  @Get('unread-count')
  @ApiOperation({
    summary: 'How many of your notifications are unread',
    description: 'One indexed count, cheap enough for a badge that polls.',
  })
  @ApiOkResponse({ type: UnreadCountDto })
  unreadCount(@CurrentUser() caller: AuthenticatedUser): Promise<UnreadCountDto> {
    return this.notifications.unreadCount(caller.id);
  }

  @Put('mark-all-read')
  @ApiOperation({
    summary: 'Mark all your notifications as read',
    description: 'Answers how many were unread; other users’ notifications are never touched.',
  })
  @ApiOkResponse({ type: MarkAllReadDto })
  markAllRead(@CurrentUser() caller: AuthenticatedUser): Promise<MarkAllReadDto> {
    return this.notifications.markAllRead(caller.id);
  }

  @Put(':id/read')
  @ApiOperation({
    summary: 'Mark one of your notifications as read',
    description: '`id` is the notification_id (NOT-…); someone else’s answers 404, as if it did not exist.',
  })
  @ApiOkResponse({ type: NotificationDto, example: { ...NOTIFICATION_EXAMPLE, read: true } })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such notification of yours' })
  markRead(@CurrentUser() caller: AuthenticatedUser, @Param() params: NotificationIdParam): Promise<NotificationDto> {
    return this.notifications.markRead(caller.id, params.id);
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Delete one of your notifications',
    description: '`id` is the notification_id (NOT-…); someone else’s answers 404, as if it did not exist.',
  })
  @ApiOkResponse({ type: NotificationDeletedDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such notification of yours' })
  delete(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: NotificationIdParam,
  ): Promise<NotificationDeletedDto> {
    return this.notifications.delete(caller.id, params.id);
  }
}

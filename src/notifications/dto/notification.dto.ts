import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, Matches } from 'class-validator';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '../../common/http/example-ids';
import { timestampedIdPattern } from '../../common/ids';
import { Optional } from '../../common/http/optional';
import { PaginationDto, PaginationQueryDto } from '../../common/http/pagination';
import { BooleanQuery } from '../../common/http/query-transforms';
import { NOTIFICATION_TYPES, type NotificationType } from '../notification.types';

export class ListNotificationsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'Only the unread ones' })
  @Optional()
  @BooleanQuery()
  @IsBoolean()
  unread_only?: boolean;
}

export class NotificationIdParam {
  @Matches(timestampedIdPattern('NOT'), { message: 'id must be a notification_id (NOT-<ms>-<6 characters>)' })
  id!: string;
}

/** it.agent is told of alice's message on the ticket assigned to them. */
export const NOTIFICATION_EXAMPLE = {
  notification_id: EXAMPLE_IDS.notification,
  user_id: EXAMPLE_IDS.itAgent,
  title: `New message on ${EXAMPLE_IDS.ticketId}`,
  message: 'I restarted it, still the same.',
  type: 'message_received',
  read: false,
  created_at: EXAMPLE_TIMES.aliceReplied,
  data: { ticket_id: EXAMPLE_IDS.ticketId, id: EXAMPLE_IDS.ticket, message_id: EXAMPLE_IDS.message },
} as const satisfies Record<keyof NotificationDto, unknown>;

export class NotificationDto {
  @ApiProperty({ example: NOTIFICATION_EXAMPLE.notification_id }) notification_id!: string;
  @ApiProperty({ example: NOTIFICATION_EXAMPLE.user_id, description: 'The recipient (always the caller)' })
  user_id!: string;
  @ApiProperty({ example: NOTIFICATION_EXAMPLE.title }) title!: string;
  @ApiProperty({ example: NOTIFICATION_EXAMPLE.message, description: 'A preview of what happened' }) message!: string;
  @ApiProperty({ enum: NOTIFICATION_TYPES, example: NOTIFICATION_EXAMPLE.type }) type!: NotificationType;
  @ApiProperty({ example: NOTIFICATION_EXAMPLE.read }) read!: boolean;
  @ApiProperty({ type: String, format: 'date-time', example: NOTIFICATION_EXAMPLE.created_at }) created_at!: Date;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What the notification is about; the keys depend on the type',
    example: NOTIFICATION_EXAMPLE.data,
  })
  data!: Record<string, unknown>;
}

export class NotificationListDto {
  @ApiProperty({ type: [NotificationDto] }) notifications!: NotificationDto[];
  @ApiProperty({ example: 1 }) total_count!: number;
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
}

export class UnreadCountDto {
  @ApiProperty({ example: 1 }) unread_count!: number;
}

export class MarkAllReadDto {
  @ApiProperty({ example: 'All notifications marked as read' }) message!: string;
  @ApiProperty({ example: 1, description: 'How many were unread' }) updated!: number;
}

export class NotificationDeletedDto {
  @ApiProperty({ example: 'Notification deleted' }) message!: string;
}

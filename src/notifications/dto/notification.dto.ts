import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, Matches } from 'class-validator';
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
  @Matches(/^NOT-\d{13,}-[A-Z0-9]{6}$/, { message: 'id must be a notification_id (NOT-<ms>-<6 characters>)' })
  id!: string;
}

export class NotificationDto {
  @ApiProperty({ example: 'NOT-1764000000000-AB12CD' }) notification_id!: string;
  @ApiProperty() user_id!: string;
  @ApiProperty({ example: 'New message on TKT-1764000000000-QW12ER' }) title!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ enum: NOTIFICATION_TYPES }) type!: NotificationType;
  @ApiProperty() read!: boolean;
  @ApiProperty() created_at!: Date;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { ticket_id: 'TKT-1764000000000-QW12ER', id: '665f1c2e8b3f4a0012345678' },
  })
  data!: Record<string, unknown>;
}

export class NotificationListDto {
  @ApiProperty({ type: [NotificationDto] }) notifications!: NotificationDto[];
  @ApiProperty() total_count!: number;
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
}

export class UnreadCountDto {
  @ApiProperty({ example: 3 }) unread_count!: number;
}

export class MarkAllReadDto {
  @ApiProperty({ example: 'All notifications marked as read' }) message!: string;
  @ApiProperty({ example: 3 }) updated!: number;
}

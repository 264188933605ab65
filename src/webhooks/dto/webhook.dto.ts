import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsMongoId,
  IsString,
  IsUrl,
  Length,
} from 'class-validator';
import { Optional } from '../../common/http/optional';
import { PaginationDto, PaginationQueryDto } from '../../common/http/pagination';
import { WEBHOOK_EVENTS, type WebhookEventName } from '../../common/outbox/webhook-events';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../webhook.schema';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.com/helpdesk', maxLength: 2048 })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_valid_protocol: true },
    { message: 'url must be an http:// or https:// URL' },
  )
  @Length(1, 2048)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, example: ['on_ticket_created', 'on_ticket_closed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true, message: `each event must be one of ${WEBHOOK_EVENTS.join(', ')}` })
  events!: WebhookEventName[];

  @ApiPropertyOptional({
    description: 'HMAC-SHA256 key for X-Helpdesk-Signature (16–256 characters); generated and returned once if omitted',
  })
  @Optional()
  @IsString()
  @Length(16, 256)
  secret?: string;
}

export class WebhookIdParam {
  @IsMongoId({ message: 'id must be a webhook id (24 hex characters)' })
  id!: string;
}

export class ListDeliveriesQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @Optional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class WebhookDto {
  @ApiProperty({ example: '665f1c2e8b3f4a0012345678' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events!: WebhookEventName[];
  @ApiProperty() created_by!: string;
  @ApiProperty() created_at!: Date;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiPropertyOptional({ description: 'Only when the server generated it: store it now, it is never shown again' })
  secret?: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) webhooks!: WebhookDto[];
  @ApiProperty() total_count!: number;
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
}

export class WebhookDeliveryDto {
  @ApiProperty({ description: 'Sent as X-Helpdesk-Delivery; the same on every retry' }) delivery_id!: string;
  @ApiProperty() subscription_id!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS }) event!: WebhookEventName;
  @ApiProperty() event_id!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty() next_attempt_at!: Date;
  @ApiProperty({ nullable: true, type: Number }) last_status_code!: number | null;
  @ApiProperty({ nullable: true, type: String }) last_error!: string | null;
  @ApiProperty({ nullable: true, type: Date }) delivered_at!: Date | null;
  @ApiProperty() created_at!: Date;
}

export class WebhookDeliveryListDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) deliveries!: WebhookDeliveryDto[];
  @ApiProperty() total_count!: number;
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
}

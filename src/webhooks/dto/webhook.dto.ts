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
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '../../common/http/example-ids';
import { Optional } from '../../common/http/optional';
import { PaginationDto, PaginationQueryDto } from '../../common/http/pagination';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../webhook.schema';
import { WEBHOOK_EVENTS, type WebhookEventName } from '../../domain/webhook-event';

/** An admin subscribes a chat-ops bridge to new and closed tickets. */
export const WEBHOOK_EXAMPLE = {
  id: EXAMPLE_IDS.webhook,
  url: 'https://hooks.example.com/helpdesk',
  events: ['on_ticket_created', 'on_ticket_closed'],
  created_by: EXAMPLE_IDS.admin,
  created_at: EXAMPLE_TIMES.webhookAdded,
} as const satisfies Record<keyof WebhookDto, unknown>;

export class CreateWebhookDto {
  @ApiProperty({ example: WEBHOOK_EXAMPLE.url, maxLength: 2048 })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_valid_protocol: true },
    { message: 'url must be an http:// or https:// URL' },
  )
  @Length(1, 2048)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, example: WEBHOOK_EXAMPLE.events })
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
  @ApiProperty({ example: WEBHOOK_EXAMPLE.id }) id!: string;
  @ApiProperty({ example: WEBHOOK_EXAMPLE.url }) url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, example: WEBHOOK_EXAMPLE.events }) events!: WebhookEventName[];
  @ApiProperty({ example: WEBHOOK_EXAMPLE.created_by, description: 'The admin who subscribed it' }) created_by!: string;
  @ApiProperty({ type: String, format: 'date-time', example: WEBHOOK_EXAMPLE.created_at }) created_at!: Date;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiPropertyOptional({
    description: 'Only when the server generated it (no secret in the request): store it now, it is never shown again',
    example: '790348a53e3cf75cdbbda39d5b12b4e0b027d0f6042be6e4b00d97d30f8d83da',
  })
  secret?: string;
}

export class WebhookDeletedDto {
  @ApiProperty({ example: 'Webhook deleted' }) message!: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) webhooks!: WebhookDto[];
  @ApiProperty({ example: 1 }) total_count!: number;
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
}

/** The example ticket's on_ticket_created, delivered at the first attempt. */
const DELIVERY_EXAMPLE = {
  delivery_id: 'dlv_a2f320a42077738f37385deab6f918eb',
  subscription_id: WEBHOOK_EXAMPLE.id,
  event: 'on_ticket_created',
  event_id: '220f5ae8-3c50-496f-9e28-3046ea3affaf',
  status: 'delivered',
  attempts: 1,
  next_attempt_at: '2025-11-24T16:00:15.000Z',
  last_status_code: 200,
  last_error: null,
  delivered_at: '2025-11-24T16:00:00.180Z',
  created_at: EXAMPLE_TIMES.ticketCreated,
} as const satisfies Record<keyof WebhookDeliveryDto, unknown>;

export class WebhookDeliveryDto {
  @ApiProperty({
    example: DELIVERY_EXAMPLE.delivery_id,
    description: 'Sent as X-Helpdesk-Delivery; the same on every retry',
  })
  delivery_id!: string;
  @ApiProperty({ example: DELIVERY_EXAMPLE.subscription_id }) subscription_id!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, example: DELIVERY_EXAMPLE.event }) event!: WebhookEventName;
  @ApiProperty({ example: DELIVERY_EXAMPLE.event_id }) event_id!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, example: DELIVERY_EXAMPLE.status }) status!: DeliveryStatus;
  @ApiProperty({ example: DELIVERY_EXAMPLE.attempts }) attempts!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: DELIVERY_EXAMPLE.next_attempt_at,
    description:
      'When a pending delivery is tried next; each attempt first moves it a lease ahead, so an attempt cut short by ' +
      'a crash is retried then',
  })
  next_attempt_at!: Date;
  @ApiProperty({ nullable: true, type: Number, example: DELIVERY_EXAMPLE.last_status_code }) last_status_code!:
    number | null;
  @ApiProperty({ nullable: true, type: String, example: DELIVERY_EXAMPLE.last_error }) last_error!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: DELIVERY_EXAMPLE.delivered_at })
  delivered_at!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', example: DELIVERY_EXAMPLE.created_at }) created_at!: Date;
}

export class WebhookDeliveryListDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) deliveries!: WebhookDeliveryDto[];
  @ApiProperty({ example: 1 }) total_count!: number;
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
}

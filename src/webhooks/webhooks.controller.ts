import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/access.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { PaginationQueryDto } from '../common/http/pagination';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  ListDeliveriesQueryDto,
  WEBHOOK_EXAMPLE,
  WebhookDeletedDto,
  WebhookDeliveryListDto,
  WebhookIdParam,
  WebhookListDto,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('Webhooks')
@Roles('admin')
@Controller('admin/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Subscribe a URL to events',
    description:
      'Each event is POSTed as JSON {delivery_id, event_id, event, occurred_at, data} with the headers ' +
      'X-Helpdesk-Event, X-Helpdesk-Delivery (the same on every retry: de-duplicate on it), X-Helpdesk-Timestamp ' +
      '(unix seconds of the attempt) and X-Helpdesk-Signature: sha256=<hex HMAC-SHA256 of the raw body with the ' +
      'secret>. Anything but a 2xx within WEBHOOK_TIMEOUT_MS is retried with exponential backoff and jitter. ' +
      'Loopback, private and link-local targets are refused unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=true.',
  })
  @ApiBody({
    type: CreateWebhookDto,
    examples: {
      generatedSecret: {
        summary: 'Let the server generate the secret (answered once)',
        value: { url: WEBHOOK_EXAMPLE.url, events: WEBHOOK_EXAMPLE.events },
      },
    },
  })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  create(@CurrentUser() caller: AuthenticatedUser, @Body() dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    return this.webhooks.create(caller.id, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'The subscriptions, newest first (secrets are never listed)',
    description: 'Paginated with page and limit.',
  })
  @ApiOkResponse({ type: WebhookListDto })
  list(@Query() query: PaginationQueryDto): Promise<WebhookListDto> {
    return this.webhooks.list(query);
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Unsubscribe; deliveries not yet sent are dropped (marked failed)',
    description:
      'Nothing more is sent to the URL: pending deliveries fail with "the subscription was deleted" when their ' +
      'turn comes. The subscription and its delivery log then answer 404.',
  })
  @ApiOkResponse({ type: WebhookDeletedDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  delete(@Param() params: WebhookIdParam): Promise<WebhookDeletedDto> {
    return this.webhooks.delete(params.id);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: "A subscription's delivery log, newest first",
    description: 'One entry per event: attempts, the last status code or error, and when it was delivered.',
  })
  @ApiOkResponse({ type: WebhookDeliveryListDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  deliveries(@Param() params: WebhookIdParam, @Query() query: ListDeliveriesQueryDto): Promise<WebhookDeliveryListDto> {
    return this.webhooks.deliveries(params.id, query);
  }
}

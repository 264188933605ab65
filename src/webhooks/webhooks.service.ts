import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { buildPagination, skipFor } from '../common/http/pagination';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type {
  CreateWebhookDto,
  CreatedWebhookDto,
  ListDeliveriesQueryDto,
  WebhookDeletedDto,
  WebhookDeliveryListDto,
  WebhookListDto,
} from './dto/webhook.dto';
import type { PaginationQueryDto } from '../common/http/pagination';
import { refusalOf } from './webhook-target';
import { SubscribedEvents } from './subscribed-events';
import { WebhooksRepository } from './webhooks.repository';

@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly subscribed: SubscribedEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(adminId: string, dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const url = new URL(dto.url);
    if (url.username || url.password) throw AppError.validation('url must not carry credentials');
    if (!this.config.webhooks.allowPrivateNetworks) {
      const refusal = await refusalOf(url);
      if (refusal) throw AppError.validation(`url is not allowed: ${refusal}`);
    }
    const generated = dto.secret === undefined ? randomBytes(32).toString('hex') : undefined;
    const created = await this.webhooks.createSubscription({
      url: url.toString(),
      events: dto.events,
      secret: dto.secret ?? generated!,
      created_by: adminId,
    });
    this.subscribed.forget();
    return generated ? { ...created, secret: generated } : created;
  }

  async list(query: PaginationQueryDto): Promise<WebhookListDto> {
    const { webhooks, total } = await this.webhooks.listSubscriptions(skipFor(query.page, query.limit), query.limit);
    return { webhooks, total_count: total, pagination: buildPagination(total, query.page, query.limit) };
  }

  /** Deliveries still pending for it are marked failed when the sender reaches them. */
  async delete(id: string): Promise<WebhookDeletedDto> {
    if (!(await this.webhooks.deleteSubscription(id))) throw AppError.notFound('Webhook');
    this.subscribed.forget();
    return { message: 'Webhook deleted' };
  }

  async deliveries(id: string, query: ListDeliveriesQueryDto): Promise<WebhookDeliveryListDto> {
    if (!(await this.webhooks.findSubscription(id))) throw AppError.notFound('Webhook');
    const { deliveries, total } = await this.webhooks.listDeliveries(
      id,
      query.status,
      skipFor(query.page, query.limit),
      query.limit,
    );
    return { deliveries, total_count: total, pagination: buildPagination(total, query.page, query.limit) };
  }
}

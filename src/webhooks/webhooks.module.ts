import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MessageStoreModule } from '../messages/message-store.module';
import { MisuseModule } from '../misuse/misuse.module';
import { TicketsModule } from '../tickets/tickets.module';
import {
  WebhookDeliveryDocument,
  WebhookDeliverySchema,
  WebhookRelayCheckpointDocument,
  WebhookRelayCheckpointSchema,
  WebhookSubscriptionDocument,
  WebhookSubscriptionSchema,
} from './webhook.schema';
import { SubscribedEvents } from './subscribed-events';
import { WebhookRelay } from './webhook-relay';
import { WebhookSender } from './webhook-sender';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Durable, signed outbound webhooks: subscriptions, the outbox relay and the sender. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: WebhookSubscriptionDocument.name, schema: WebhookSubscriptionSchema },
      { name: WebhookDeliveryDocument.name, schema: WebhookDeliverySchema },
      { name: WebhookRelayCheckpointDocument.name, schema: WebhookRelayCheckpointSchema },
    ]),
    TicketsModule,
    MessageStoreModule,
    MisuseModule,
  ],
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhooksService, WebhookSender, WebhookRelay, SubscribedEvents],
})
export class WebhooksModule {}

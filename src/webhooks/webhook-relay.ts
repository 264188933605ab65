import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { OnDomainEvent } from '../events/on-domain-event';
import type { DomainEventMap } from '../events/domain-events';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { OutboxEvent } from '../database/outbox';
import type { MessageRecord } from '../messages/message.types';
import { MessagesRepository } from '../messages/messages.repository';
import { MisuseReportsRepository } from '../misuse/misuse-reports.repository';
import type { MisuseReportRecord } from '../misuse/misuse.types';
import { toTicketResponse } from '../tickets/dto/ticket-response.dto';
import type { TicketRecord } from '../tickets/ticket.types';
import { TicketsRepository } from '../tickets/tickets.repository';
import { DeletedTicketsRepository, type DeletedTicketRecord } from '../tickets/deleted-tickets.repository';
import type { OutboundEvent } from './webhook.types';
import { WebhookSender } from './webhook-sender';
import { WebhooksRepository, type RelaySource } from './webhooks.repository';
import { toMessageResponse } from '../messages/dto/message-response.dto';

/** How often the re-drive pass runs. */
const SWEEP_MS = 10_000;
/**
 * Each pass starts this long before where the previous one started, so an event whose write
 * landed late (its `at` is taken just before the write) is still inside the next window.
 */
const SWEEP_OVERLAP_MS = 30_000;

const ticketData = (ticket: TicketRecord) => ({ ticket: toTicketResponse(ticket, 'admin') });
const messageData = (message: MessageRecord) => ({ message: toMessageResponse(message) });
const reportData = (report: MisuseReportRecord) => ({ report });
const deletionData = (deletion: DeletedTicketRecord) => ({
  ...ticketData(deletion.ticket),
  deleted_by: deletion.deleted_by,
  deleted_at: deletion.deleted_at,
});

/**
 * Turns the events that changes record on tickets, messages and misuse reports into deliveries: right after each
 * change (its domain event), and in a re-drive pass on start and every few seconds that covers
 * everything recorded since the previous pass began, so an event whose process died before
 * relaying it is delivered by whichever instance runs next. Delivery ids are derived from the
 * event and the subscription, so relaying an event twice writes nothing new.
 */
@Injectable()
export class WebhookRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger: AppLogger;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly tickets: TicketsRepository,
    private readonly deletedTickets: DeletedTicketsRepository,
    private readonly messages: MessagesRepository,
    private readonly reports: MisuseReportsRepository,
    private readonly sender: WebhookSender,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'webhooks' });
  }

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  @OnDomainEvent('on_ticket_created')
  @OnDomainEvent('on_ticket_resolved')
  @OnDomainEvent('on_ticket_closed')
  async ticketChanged({ ticket }: { ticket: TicketRecord }): Promise<void> {
    await this.guarded(async () => {
      const found = await this.tickets.findWithWebhookEvents(ticket.id);
      if (found) await this.relay(found.events, ticketData(found.ticket));
    });
  }

  /** The ticket's own document is gone: its deletion record carries the event and the ticket as it was. */
  @OnDomainEvent('ticket_deleted')
  async ticketDeleted({ ticket }: DomainEventMap['ticket_deleted']): Promise<void> {
    await this.guarded(async () => {
      const found = await this.deletedTickets.findWithWebhookEvents(ticket.id);
      if (found) await this.relay(found.events, deletionData(found.deletion));
    });
  }

  @OnDomainEvent('on_message_sent')
  async messageSent({ message }: DomainEventMap['on_message_sent']): Promise<void> {
    await this.guarded(async () => {
      const found = await this.messages.findWithWebhookEvents(message.id);
      if (found) await this.relay(found.events, messageData(found.message));
    });
  }

  @OnDomainEvent('on_misuse_detected')
  async misuseDetected({ report }: DomainEventMap['on_misuse_detected']): Promise<void> {
    await this.guarded(async () => {
      const found = await this.reports.findWithWebhookEvents(report.id);
      if (found) await this.relay(found.events, reportData(found.report));
    });
  }

  /** A suggestion changes no stored document: its deliveries are written when it is made. */
  @OnDomainEvent('on_ai_reply_suggested')
  async replySuggested({
    ticket,
    agent_id,
    source_document_ids,
  }: DomainEventMap['on_ai_reply_suggested']): Promise<void> {
    await this.guarded(() =>
      this.fanOut({
        event_id: randomUUID(),
        name: 'on_ai_reply_suggested',
        occurred_at: new Date(),
        data: { ...ticketData(ticket), agent_id, source_document_ids },
      }),
    );
  }

  /** The re-drive: everything recorded since the previous pass began (less the overlap). */
  sweep(): Promise<void> {
    this.sweeping ??= this.guarded(async () => {
      await this.sweepSource('tickets', async (from) => {
        for await (const { ticket, events } of this.tickets.withWebhookEventsSince(from))
          await this.relay(events, ticketData(ticket), from);
      });
      await this.sweepSource('messages', async (from) => {
        for await (const { message, events } of this.messages.withWebhookEventsSince(from))
          await this.relay(events, messageData(message), from);
      });
      await this.sweepSource('deleted_tickets', async (from) => {
        for await (const { deletion, events } of this.deletedTickets.withWebhookEventsSince(from))
          await this.relay(events, deletionData(deletion), from);
      });
      await this.sweepSource('misuse_reports', async (from) => {
        for await (const { report, events } of this.reports.withWebhookEventsSince(from))
          await this.relay(events, reportData(report), from);
      });
    }).finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  /** The checkpoint moves only after a whole pass succeeded; a failed pass is repeated. */
  private async sweepSource(source: RelaySource, pass: (from: Date) => Promise<void>): Promise<void> {
    const startedAt = new Date();
    const previous = await this.webhooks.sweptFrom(source);
    await pass(new Date((previous?.getTime() ?? 0) - SWEEP_OVERLAP_MS));
    await this.webhooks.saveSweptFrom(source, startedAt);
  }

  private async relay(events: OutboxEvent[], data: Record<string, unknown>, since = new Date(0)): Promise<void> {
    for (const event of events) {
      if (event.at < since) continue;
      await this.fanOut({ event_id: event.event_id, name: event.name, occurred_at: event.at, data });
    }
  }

  private async fanOut(event: OutboundEvent): Promise<void> {
    const subscribers = await this.webhooks.subscriberIds(event.name, event.occurred_at);
    if (subscribers.length === 0) return;
    if ((await this.webhooks.enqueue(event, subscribers, new Date())) > 0) this.sender.kick();
  }

  /** A relay failure is logged; the event stays on record and the next pass relays it. */
  private async guarded(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error({ err: error }, 'webhook_relay_failed');
    }
  }
}

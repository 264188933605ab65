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
import type { WebhookEventName } from '../domain/webhook-event';
import { SLA_ALERT_EVENT } from '../sla/raised-sla-alert';
import type { OutboundEvent } from './webhook.types';
import { SubscribedEvents } from './subscribed-events';
import { WebhookSender } from './webhook-sender';
import { WebhooksRepository, type RelaySource, type RelaySubscription } from './webhooks.repository';
import { toMessageResponse } from '../messages/dto/message-response.dto';

/** How often the re-drive pass runs. */
const SWEEP_MS = 10_000;
/**
 * Each pass starts this long before where the previous one started, so an event whose write
 * landed late (its `at` is taken just before the write) is still inside the next window.
 */
const SWEEP_OVERLAP_MS = 30_000;

/**
 * The events a ticket's own document records (its deletion record carries `ticket_deleted`): the
 * relay re-reads a changed ticket only when one of them has a subscriber.
 */
const TICKET_CHANGE_EVENTS: readonly WebhookEventName[] = [
  'on_ticket_created',
  'on_ticket_resolved',
  'on_ticket_closed',
  'sla_warning',
  'sla_breached',
];

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
    private readonly subscribed: SubscribedEvents,
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
      if (!(await this.subscribed.anyOf(TICKET_CHANGE_EVENTS))) return;
      const found = await this.tickets.findWithWebhookEvents(ticket.id);
      if (found) await this.relay(found.events, ticketData(found.ticket));
    });
  }

  /** The ticket's own document is gone: its deletion record carries the event and the ticket as it was. */
  @OnDomainEvent('ticket_deleted')
  async ticketDeleted({ ticket }: DomainEventMap['ticket_deleted']): Promise<void> {
    await this.guarded(async () => {
      if (!(await this.subscribed.anyOf(['ticket_deleted']))) return;
      const found = await this.deletedTickets.findWithWebhookEvents(ticket.id);
      if (found) await this.relay(found.events, deletionData(found.deletion));
    });
  }

  @OnDomainEvent('on_message_sent')
  async messageSent({ message }: DomainEventMap['on_message_sent']): Promise<void> {
    await this.guarded(async () => {
      if (!(await this.subscribed.anyOf(['on_message_sent']))) return;
      const found = await this.messages.findWithWebhookEvents(message.id);
      if (found) await this.relay(found.events, messageData(found.message));
    });
  }

  @OnDomainEvent('on_misuse_detected')
  async misuseDetected({ report }: DomainEventMap['on_misuse_detected']): Promise<void> {
    await this.guarded(async () => {
      if (!(await this.subscribed.anyOf(['on_misuse_detected']))) return;
      const found = await this.reports.findWithWebhookEvents(report.id);
      if (found) await this.relay(found.events, reportData(found.report));
    });
  }

  /**
   * A batch of the SLA job's alerts, each with the event recorded on its ticket: relayed from the
   * batch (the subscriptions read once for all), as the re-drive would relay them from the tickets.
   */
  @OnDomainEvent('sla_alerts_raised')
  async slaAlerts({ alerts }: DomainEventMap['sla_alerts_raised']): Promise<void> {
    await this.guarded(async () => {
      if (!(await this.subscribed.anyOf(Object.values(SLA_ALERT_EVENT)))) return;
      const subscriptions = await this.webhooks.relaySubscriptions();
      for (const alert of alerts) {
        await this.fanOut(
          {
            event_id: alert.event_id,
            name: SLA_ALERT_EVENT[alert.kind],
            occurred_at: alert.raised_at,
            data: { ...ticketData(alert.ticket), target: alert.target, due_at: alert.due_at.toISOString() },
          },
          subscriptions,
        );
      }
    });
  }

  /** A suggestion changes no stored document: its deliveries are written when it is made. */
  @OnDomainEvent('on_ai_reply_suggested')
  async replySuggested({
    ticket,
    agent_id,
    source_document_ids,
  }: DomainEventMap['on_ai_reply_suggested']): Promise<void> {
    // Not asked of SubscribedEvents: nothing re-drives a suggestion, so a stale "nobody listens"
    // would lose it rather than delay it.
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
      await this.sweepSource('tickets', async (from, subscriptions) => {
        for await (const { ticket, events } of this.tickets.withWebhookEventsSince(from))
          await this.relay(events, ticketData(ticket), from, subscriptions);
      });
      await this.sweepSource('messages', async (from, subscriptions) => {
        for await (const { message, events } of this.messages.withWebhookEventsSince(from))
          await this.relay(events, messageData(message), from, subscriptions);
      });
      await this.sweepSource('deleted_tickets', async (from, subscriptions) => {
        for await (const { deletion, events } of this.deletedTickets.withWebhookEventsSince(from))
          await this.relay(events, deletionData(deletion), from, subscriptions);
      });
      await this.sweepSource('misuse_reports', async (from, subscriptions) => {
        for await (const { report, events } of this.reports.withWebhookEventsSince(from))
          await this.relay(events, reportData(report), from, subscriptions);
      });
    }).finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  /**
   * The checkpoint moves only after a whole pass succeeded; a failed pass is repeated. The
   * subscriptions are read once, after the pass's start is taken: one made later is the next
   * pass's, which starts before this one did. With none, nothing recorded is owed to anyone and
   * the pass reads nothing.
   */
  private async sweepSource(
    source: RelaySource,
    pass: (from: Date, subscriptions: RelaySubscription[]) => Promise<void>,
  ): Promise<void> {
    const startedAt = new Date();
    const previous = await this.webhooks.sweptFrom(source);
    const subscriptions = await this.webhooks.relaySubscriptions();
    if (subscriptions.length > 0) await pass(new Date((previous?.getTime() ?? 0) - SWEEP_OVERLAP_MS), subscriptions);
    await this.webhooks.saveSweptFrom(source, startedAt);
  }

  private async relay(
    events: OutboxEvent[],
    data: Record<string, unknown>,
    since = new Date(0),
    subscriptions?: RelaySubscription[],
  ): Promise<void> {
    for (const event of events) {
      if (event.at < since) continue;
      await this.fanOut(
        { event_id: event.event_id, name: event.name, occurred_at: event.at, data: { ...data, ...event.detail } },
        subscriptions,
      );
    }
  }

  /** To the subscribers of the event that existed when it happened: from `subscriptions` if given, else read. */
  private async fanOut(event: OutboundEvent, subscriptions?: RelaySubscription[]): Promise<void> {
    const subscribers = subscriptions
      ? subscriptions.filter((s) => s.events.includes(event.name) && s.created_at <= event.occurred_at).map((s) => s.id)
      : await this.webhooks.subscriberIds(event.name, event.occurred_at);
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

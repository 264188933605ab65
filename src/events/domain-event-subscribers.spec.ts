import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Injectable, type LoggerService } from '@nestjs/common';
import { EVENT_LISTENER_METADATA, type OnEventMetadata } from '@nestjs/event-emitter';
import { Test, type TestingModule } from '@nestjs/testing';
import { AnalyticsInvalidation } from '../analytics/analytics-invalidation';
import { KnowledgeSuggestionSubscriber } from '../knowledge/suggestions/knowledge-suggestion.subscriber';
import { NotificationRules } from '../notifications/notification-rules.service';
import { RealtimeRelay } from '../realtime/realtime-relay';
import { TicketStaffing } from '../tickets/ticket-staffing.service';
import { WebhookRelay } from '../webhooks/webhook-relay';
import { DomainEventBus, type DomainEventMap, type DomainEventName } from './domain-events';
import { EventsModule } from './events.module';
import { OnDomainEvent } from './on-domain-event';

/** `Class.method`, as the table names a handler. */
type Handler = `${string}.${string}`;

/**
 * Who handles each domain event: the rules that live in no single file, written down. Typed by
 * DomainEventMap, so an event added to the map does not compile until it is listed here (with []
 * when nothing subscribes), and checked below against what the classes register, so a handler
 * added, moved or dropped fails until the table says so. Each list is compared unordered: no rule
 * rests on the order subscribers of one event are called in.
 */
const SUBSCRIBERS_OF = {
  on_ticket_created: [
    'RealtimeRelay.created',
    // The new agent's notification lives here, not under ticket_assigned: the ticket_assigned
    // that intake publishes right after (cause 'intake') is skipped by NotificationRules, so the
    // agent is told once, with the ticket's arrival.
    'NotificationRules.ticketCreated',
    'WebhookRelay.ticketChanged',
    'AnalyticsInvalidation.ticketCreated',
  ],
  // Resolutions and closings have no room event of their own: the ticket_status_changed published
  // just before them tells the rooms and the requester. Here only the webhooks (and, for a
  // resolution, the knowledge base learning from it).
  on_ticket_resolved: ['WebhookRelay.ticketChanged', 'KnowledgeSuggestionSubscriber.ticketResolved'],
  on_ticket_closed: ['WebhookRelay.ticketChanged'],
  ticket_status_changed: [
    'RealtimeRelay.statusChanged',
    // Skips the change when the requester made it themselves.
    'NotificationRules.statusChanged',
    'AnalyticsInvalidation.statusChanged',
  ],
  ticket_assigned: [
    'RealtimeRelay.assigned',
    // Skips cause 'intake' (told by on_ticket_created, above).
    'NotificationRules.ticketAssigned',
    'AnalyticsInvalidation.assigned',
  ],
  // Awaited by the deletion (TicketDeletion.purge, publishAndWait), which counts as finished, and
  // is re-driven after a crash, only once these are done: each removes what its feature keeps of
  // the ticket (notifications, a pending knowledge suggestion, cached figures) and must finish
  // that cleanup before returning, not start it and leave.
  ticket_deleted: [
    'RealtimeRelay.deleted',
    'NotificationRules.ticketDeleted',
    // Reads the deletion record, not the ticket: the ticket's own document is gone.
    'WebhookRelay.ticketDeleted',
    'AnalyticsInvalidation.deleted',
    'KnowledgeSuggestionSubscriber.ticketDeleted',
  ],
  // Awaited by every publisher (publishAndWait) before the change's own events: the relay's
  // eviction of sockets that lost the right to see the ticket happens first, so none of the
  // status, assignment or message events that follow reaches them.
  ticket_changed: ['RealtimeRelay.ticketChanged', 'AnalyticsInvalidation.changed'],
  ticket_flagged: ['RealtimeRelay.flagged', 'NotificationRules.ticketFlagged', 'AnalyticsInvalidation.flagged'],
  // A released ticket reaches its department's queue as if it had just arrived; nobody is
  // notified, as nobody is at intake of a flagged ticket (it has no agent yet).
  ticket_released: ['RealtimeRelay.released', 'AnalyticsInvalidation.released'],
  // Analytics for SLA compliance: a staff reply can meet a first-response target.
  on_message_sent: [
    'RealtimeRelay.messageSent',
    'NotificationRules.messageSent',
    'WebhookRelay.messageSent',
    'AnalyticsInvalidation.messageSent',
  ],
  // Webhooks only: the agent asked for the draft and has it in the response.
  on_ai_reply_suggested: ['WebhookRelay.replySuggested'],
  on_misuse_detected: [
    'RealtimeRelay.misuseDetected',
    'NotificationRules.misuseDetected',
    'WebhookRelay.misuseDetected',
    'AnalyticsInvalidation.misuseDetected',
  ],
  misuse_report_reviewed: ['AnalyticsInvalidation.reportReviewed'],
  misuse_detection_progress: ['RealtimeRelay.misuseProgress'],
  // Awaited by the SLA job batch by batch (publishAndWait): its memory stays one batch.
  sla_alerts_raised: ['RealtimeRelay.slaAlerts', 'NotificationRules.slaAlerts', 'WebhookRelay.slaAlerts'],
  // NotificationsService publishes it once the notification is stored: the relay only pushes it.
  notification_created: ['RealtimeRelay.notification'],
  session_revoked: ['RealtimeRelay.sessionRevoked'],
  user_sessions_revoked: ['RealtimeRelay.userSessionsRevoked'],
  user_account_changed: [
    // Awaited by the account change (UsersService.update, publishAndWait): the admin's request
    // answers only once the agent's tickets have been handed over.
    'TicketStaffing.accountChanged',
    'AnalyticsInvalidation.userChanged',
  ],
} satisfies Record<DomainEventName, Handler[]>;

/** Every class in src/ with a domain-event handler. */
const SUBSCRIBER_CLASSES = [
  RealtimeRelay,
  NotificationRules,
  WebhookRelay,
  AnalyticsInvalidation,
  KnowledgeSuggestionSubscriber,
  TicketStaffing,
];

interface Subscription {
  event: OnEventMetadata['event'];
  handler: string;
  options: OnEventMetadata['options'];
}

/** What @nestjs/event-emitter will subscribe for the class at bootstrap, read from its metadata. */
function subscriptionsOf(subscriberClass: abstract new (...args: never[]) => object): Subscription[] {
  const prototype = subscriberClass.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).flatMap((method) => {
    const listener = Object.getOwnPropertyDescriptor(prototype, method)?.value as unknown;
    if (typeof listener !== 'function') return [];
    const registered = (Reflect.getMetadata(EVENT_LISTENER_METADATA, listener) ?? []) as OnEventMetadata[];
    return registered.map(({ event, options }) => ({ event, handler: `${subscriberClass.name}.${method}`, options }));
  });
}

const SRC = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('domain-event subscribers', () => {
  const subscriptions = SUBSCRIBER_CLASSES.flatMap(subscriptionsOf);

  it('are the ones the table lists, event by event', () => {
    const registered: Record<string, string[]> = Object.fromEntries(
      Object.keys(SUBSCRIBERS_OF).map((event) => [event, []]),
    );
    for (const { event, handler } of subscriptions) (registered[String(event)] ??= []).push(handler);
    const sorted = (table: Record<string, string[]>) =>
      Object.fromEntries(Object.entries(table).map(([event, handlers]) => [event, [...handlers].sort()]));
    expect(sorted(registered)).toEqual(sorted(SUBSCRIBERS_OF));
  });

  it('all subscribe through @OnDomainEvent, whose options keep listener errors from the publisher', () => {
    // A raw @OnEvent registers without them, and with a name and payload nothing checks.
    const unchecked = subscriptions.filter(({ options }) => options?.suppressErrors !== true);
    expect(unchecked.map(({ handler, event }) => `${handler} (${String(event)})`)).toEqual([]);
  });

  it('live only in the classes above: a handler in another class fails here until it is listed', () => {
    const withHandlers = sourceFiles(SRC).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      if (!/^\s*@On(?:Domain)?Event\(/m.test(text)) return [];
      return [...text.matchAll(/^export class (\w+)/gm)].map((match) => `${match[1]} (${relative(SRC, file)})`);
    });
    const listed = new Set(SUBSCRIBER_CLASSES.map((subscriberClass) => subscriberClass.name));
    expect(withHandlers.filter((entry) => !listed.has(entry.split(' ')[0]!))).toEqual([]);
    expect(withHandlers).toHaveLength(SUBSCRIBER_CLASSES.length);
  });
});

/** Never registered in the app: it exists for the compiler to refuse what the decorator must refuse. */
export class MisfitSubscriber {
  // @ts-expect-error: not a domain event
  @OnDomainEvent('on_ticket_reopened')
  unknownEvent(): void {}

  // @ts-expect-error: ticket_assigned carries no message
  @OnDomainEvent('ticket_assigned')
  wrongPayload(_payload: DomainEventMap['on_message_sent']): void {}

  // @ts-expect-error: on_ticket_created carries no actor_id, which this handler needs (on_ticket_resolved does)
  @OnDomainEvent('on_ticket_created')
  @OnDomainEvent('on_ticket_resolved')
  oneOfTwoPayloads(_payload: DomainEventMap['on_ticket_resolved']): void {}

  // @ts-expect-error: the emitter passes the payload alone
  @OnDomainEvent('session_revoked')
  extraParameter(_payload: DomainEventMap['session_revoked'], _reason: string): void {}
}

/** Subscribed to one event three ways: slow, throwing, rejecting. */
@Injectable()
class ProbeSubscriber {
  readonly finished: string[] = [];

  @OnDomainEvent('session_revoked')
  async slow({ session_id }: DomainEventMap['session_revoked']): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.finished.push(session_id);
  }

  @OnDomainEvent('session_revoked')
  throwing(): void {
    throw new Error('listener threw');
  }

  @OnDomainEvent('session_revoked')
  async rejecting(): Promise<void> {
    await Promise.resolve();
    throw new Error('listener rejected');
  }
}

describe('@OnDomainEvent listeners, through the bus', () => {
  const logged: string[] = [];
  const logger: LoggerService = {
    log: () => undefined,
    warn: () => undefined,
    error: (message: unknown) => void logged.push(String(message)),
  };
  let moduleRef: TestingModule;
  let bus: DomainEventBus;
  let probe: ProbeSubscriber;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [EventsModule], providers: [ProbeSubscriber] })
      .setLogger(logger)
      .compile();
    await moduleRef.init();
    bus = moduleRef.get(DomainEventBus);
    probe = moduleRef.get(ProbeSubscriber);
  });

  afterAll(() => moduleRef.close());

  beforeEach(() => {
    logged.length = 0;
    probe.finished.length = 0;
  });

  it('publishAndWait resolves once every listener is done, and a failing one is logged, not thrown', async () => {
    await expect(bus.publishAndWait('session_revoked', { user_id: 'u1', session_id: 's1' })).resolves.toBeUndefined();
    expect(probe.finished).toEqual(['s1']);
    expect(logged.sort()).toEqual(['listener rejected', 'listener threw']);
  });

  it('publish returns at once, and a failing listener is logged, not thrown', async () => {
    expect(() => bus.publish('session_revoked', { user_id: 'u1', session_id: 's2' })).not.toThrow();
    expect(probe.finished).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(probe.finished).toEqual(['s2']);
    expect(logged.sort()).toEqual(['listener rejected', 'listener threw']);
  });
});

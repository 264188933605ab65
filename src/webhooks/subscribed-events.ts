import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import type { WebhookEventName } from '../domain/webhook-event';
import { WebhooksRepository } from './webhooks.repository';

/** How long the names read are trusted; shorter than the relay's re-drive period (10 s). */
export const SUBSCRIBED_EVENTS_TTL_MS = 5_000;

/**
 * Which events any subscription asks for, read at most every few seconds, so that the relay's
 * immediate path costs no round trip when nobody listens (two per intake and per message before:
 * the change's stored events, then their subscribers).
 *
 * Only the immediate path asks; the re-drive pass never does, and it relays everything recorded
 * since its previous pass from the database itself. So a stale answer can only delay: a
 * subscription made on another instance gets its first events from the next pass (≤ 10 s) until
 * this cache has read it (≤ 5 s); one deleted elsewhere costs the reads it cost before, and the
 * subscribers are still read from the database. Writes on this instance clear it at once.
 */
@Injectable()
export class SubscribedEvents {
  private names: Promise<ReadonlySet<WebhookEventName>> | null = null;
  private readAt = 0;

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly clock: Clock,
  ) {}

  async anyOf(events: readonly WebhookEventName[]): Promise<boolean> {
    const now = this.clock.now().getTime();
    if (!this.names || now - this.readAt >= SUBSCRIBED_EVENTS_TTL_MS) {
      this.readAt = now;
      // One read shared by every caller meanwhile; a failed read is not kept.
      this.names = this.webhooks.subscribedEventNames().then(
        (names) => new Set(names),
        (error: unknown) => {
          this.names = null;
          throw error;
        },
      );
    }
    const names = await this.names;
    return events.some((event) => names.has(event));
  }

  /** A subscription was made or deleted here: the next question reads again. */
  forget(): void {
    this.names = null;
  }
}

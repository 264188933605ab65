import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

/** How long a figure may be served from memory when nothing announced a change. */
export const ANALYTICS_TTL_MS = 30_000;

/**
 * Computed figures, kept briefly and dropped as soon as this instance sees a change that moves
 * them. Changes made through another instance are seen within the TTL.
 */
@Injectable()
export class AnalyticsCache {
  private readonly entries = new Map<string, { expires: number; value: Promise<unknown> }>();

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.expires > now) return cached.value as Promise<T>;
    const value = compute();
    this.entries.set(key, { expires: now + ANALYTICS_TTL_MS, value });
    // A failed computation is not served again.
    value.catch(() => this.entries.delete(key));
    return value;
  }

  @OnEvent('on_ticket_created')
  @OnEvent('ticket_status_changed')
  @OnEvent('ticket_assigned')
  @OnEvent('ticket_flagged')
  @OnEvent('ticket_released')
  @OnEvent('on_misuse_detected')
  @OnEvent('misuse_report_reviewed')
  invalidate(): void {
    this.entries.clear();
  }
}

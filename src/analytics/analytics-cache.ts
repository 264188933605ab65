import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Clock } from '../common/clock/clock';
import type { DateRange } from './analytics-range';

/** The cached figures, one per analytics endpoint. */
export type AnalyticsFigure =
  | 'overview'
  | 'ticket_volume'
  | 'time_series'
  | 'departments'
  | 'resolution_times'
  | 'user_activity'
  | 'flagged_users'
  | 'trending_topics'
  | 'sla_compliance';

/** A figure a change moved: all of it, or the ranges that hold one of the instants. */
export interface FigureChange {
  figure: AnalyticsFigure;
  at: Date[] | 'all';
}

/** How long a figure may be served from memory when nothing announced a change; also the bucket default ranges end on. */
export const ANALYTICS_TTL_MS = 30_000;
/**
 * Figures kept at once. Keys are a figure and its range, so this bounds what admins asking for
 * arbitrary ranges can make an instance hold; the least recently used go first.
 */
export const ANALYTICS_MAX_ENTRIES = 500;

interface CachedFigure {
  figure: AnalyticsFigure;
  /** The instants it counts tickets at (created, resolved, closed; for topics the window before too); null: every ticket. */
  span: DateRange | null;
  value: Promise<unknown>;
}

/**
 * Computed figures, kept for at most ANALYTICS_TTL_MS (age is not renewed by reads) and dropped as
 * soon as this instance sees a change that moves them (see analytics-invalidation.ts). Changes made
 * through another instance are seen within the TTL.
 */
@Injectable()
export class AnalyticsCache {
  private readonly entries: LRUCache<string, CachedFigure>;

  constructor(clock: Clock) {
    this.entries = new LRUCache<string, CachedFigure>({
      max: ANALYTICS_MAX_ENTRIES,
      ttl: ANALYTICS_TTL_MS,
      // Read the clock on every check, not once per millisecond through a timer.
      ttlResolution: 0,
      perf: { now: () => clock.now().getTime() },
    });
  }

  /**
   * The cached figure, or a new computation. The promise is stored at once, so simultaneous
   * requests share one computation, and a change announced while it runs drops it like any other.
   */
  get<T>(figure: AnalyticsFigure, span: DateRange | null, key: string, compute: () => Promise<T>): Promise<T> {
    const cacheKey = `${figure}:${key}`;
    const cached = this.entries.get(cacheKey);
    if (cached) return cached.value as Promise<T>;
    const value = compute();
    this.entries.set(cacheKey, { figure, span, value });
    // A failed computation is not served again (unless a newer one already replaced it).
    value.catch(() => {
      if (this.entries.peek(cacheKey)?.value === value) this.entries.delete(cacheKey);
    });
    return value;
  }

  /** Drops the figures a change moved: all of a figure, or those whose span holds one of the instants. */
  drop(changes: FigureChange[]): void {
    const doomed: string[] = [];
    for (const [key, entry] of this.entries.entries()) {
      const moved = changes.some(
        (change) =>
          change.figure === entry.figure &&
          (change.at === 'all' ||
            entry.span === null ||
            change.at.some((at) => at >= entry.span!.from && at < entry.span!.to)),
      );
      if (moved) doomed.push(key);
    }
    for (const key of doomed) this.entries.delete(key);
  }

  /** How many figures are held (stale ones until they are next looked at or pushed out). */
  get size(): number {
    return this.entries.size;
  }
}

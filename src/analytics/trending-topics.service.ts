import { Inject, Injectable } from '@nestjs/common';
import { TOPIC_LABELER, type TopicLabeler, type TopicLabels } from '../ai/ai.ports';
import { TicketReportsRepository } from '../tickets/ticket-reports.repository';
import { AnalyticsCache } from './analytics-cache';
import { previousRange, rangeCacheKey, rangeFields } from './analytics-range';
import { AnalyticsRangeResolver } from './analytics-range-resolver';
import type { RangeQueryDto } from './dto/analytics.dto';
import type { TrendingTopicDto, TrendingTopicsDto } from './dto/analytics-response.dto';
import { trendingTopics } from './trending-topics';

/** Tickets read per window: the newest, which is what "trending" is about. */
const TOPIC_SAMPLE = 5000;

/**
 * What recent tickets are about against the window before (trending-topics.ts finds the terms),
 * labelled through the topic-labeller AI port: Gemini when configured, else unlabelled.
 */
@Injectable()
export class TrendingTopicsService {
  constructor(
    private readonly tickets: TicketReportsRepository,
    private readonly ranges: AnalyticsRangeResolver,
    private readonly cache: AnalyticsCache,
    @Inject(TOPIC_LABELER) private readonly labeler: TopicLabeler,
  ) {}

  trendingTopics(query: RangeQueryDto): Promise<TrendingTopicsDto> {
    const range = this.ranges.requested(query);
    const before = previousRange(range);
    // A ticket created in the previous window moves this figure too: its span covers both windows.
    const span = { from: before.from, to: range.to };
    return this.cache.get('trending_topics', span, rangeCacheKey(range), async (): Promise<TrendingTopicsDto> => {
      const [current, previous] = await Promise.all([
        this.tickets.newestTextsCreatedWithin(range, TOPIC_SAMPLE),
        this.tickets.newestTextsCreatedWithin(before, TOPIC_SAMPLE),
      ]);
      const topics = trendingTopics(current, previous);
      // Nothing to label asks no one (a hosted call would cost time for an empty answer).
      const labelled: TopicLabels | null =
        topics.length === 0 ? null : await this.labeler.label({ terms: topics.map((t) => t.term), samples: current });
      return {
        ...rangeFields(range),
        previous_from: before.from,
        tickets: current.length,
        previous_tickets: previous.length,
        // The local labeller labels nothing, so only a hosted provider is named.
        labelled_by: labelled === null || labelled.provider === 'local' ? null : labelled.provider,
        topics: topics.map((topic): TrendingTopicDto => ({
          ...topic,
          label: labelled?.labels.get(topic.term) ?? null,
        })),
      };
    });
  }
}

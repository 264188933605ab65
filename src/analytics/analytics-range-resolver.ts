import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { ANALYTICS_TTL_MS } from './analytics-cache';
import { resolveRange, type DateRange } from './analytics-range';
import type { RangeQueryDto } from './dto/analytics.dto';

/**
 * The range a request asks for, against this instance's clock. A default end falls on the cache's
 * bucket, so repeated requests within it ask for the same range and share one cached figure.
 */
@Injectable()
export class AnalyticsRangeResolver {
  constructor(private readonly clock: Clock) {}

  requested(query: RangeQueryDto): DateRange {
    return resolveRange(query.from, query.to, this.clock.now(), ANALYTICS_TTL_MS);
  }
}

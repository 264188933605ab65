import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { TicketReportsRepository } from '../tickets/ticket-reports.repository';
import {
  countsFor,
  DEPARTMENT_KEYS,
  departmentKey,
  momentsByDepartment,
  perMoment,
  STATUS_KEYS,
  timeBuckets,
  URGENCY_KEYS,
  type MomentCounts,
} from './analytics-buckets';
import { ANALYTICS_TTL_MS, AnalyticsCache } from './analytics-cache';
import { bucketEnd, rangeCacheKey, rangeFields, startOfToday, startOfWeek, type DateRange } from './analytics-range';
import { AnalyticsRangeResolver } from './analytics-range-resolver';
import type { RangeQueryDto, TimeSeriesQueryDto } from './dto/analytics.dto';
import type { OverviewDto, TicketVolumeDto, TimeSeriesDto } from './dto/analytics-response.dto';

/**
 * How many tickets there are and how they move: the overview of every ticket, and the tickets
 * created, resolved and closed within a range, in total and over time.
 */
@Injectable()
export class TicketVolumeService {
  constructor(
    private readonly tickets: TicketReportsRepository,
    private readonly ranges: AnalyticsRangeResolver,
    private readonly cache: AnalyticsCache,
    private readonly clock: Clock,
  ) {}

  overview(): Promise<OverviewDto> {
    return this.cache.get('overview', null, 'all', async (): Promise<OverviewDto> => {
      const now = this.clock.now();
      // To the end of the bucket, like default ranges: what is written until then counts, as the cache holds that long.
      const end = bucketEnd(now, ANALYTICS_TTL_MS);
      const today = { from: startOfToday(now), to: end };
      const week = { from: startOfWeek(now), to: end };
      const [byStatus, byDepartment, byUrgency, openNotFlagged, flagged, todayCounts, weekCounts] = await Promise.all([
        this.tickets.countAllBy('status'),
        this.tickets.countAllBy('department'),
        this.tickets.countAllBy('urgency'),
        this.tickets.countOpenNotFlagged(),
        this.tickets.countFlagged(),
        this.momentCounts(today),
        this.momentCounts(week),
      ]);
      const status = countsFor(STATUS_KEYS, byStatus);
      return {
        generated_at: now,
        totals: {
          tickets: Object.values(status).reduce((sum, n) => sum + n, 0),
          by_status: status,
          by_department: countsFor(DEPARTMENT_KEYS, byDepartment, departmentKey),
          by_urgency: countsFor(URGENCY_KEYS, byUrgency),
        },
        open_vs_flagged: { open: openNotFlagged, flagged },
        today: todayCounts,
        this_week: weekCounts,
      };
    });
  }

  ticketVolume(query: RangeQueryDto): Promise<TicketVolumeDto> {
    const range = this.ranges.requested(query);
    return this.cache.get('ticket_volume', range, rangeCacheKey(range), async (): Promise<TicketVolumeDto> => {
      const [totals, byDepartment, byUrgency] = await Promise.all([
        this.momentCounts(range),
        perMoment((moment) => this.tickets.countReachedBy(moment, range, 'department')),
        this.tickets.countReachedBy('created', range, 'urgency'),
      ]);
      return {
        ...rangeFields(range),
        ...totals,
        by_department: momentsByDepartment(byDepartment),
        created_by_urgency: countsFor(URGENCY_KEYS, byUrgency),
      };
    });
  }

  timeSeries(query: TimeSeriesQueryDto): Promise<TimeSeriesDto> {
    const range = this.ranges.requested(query);
    const granularity = query.granularity ?? 'day';
    const key = `${granularity}:${rangeCacheKey(range)}`;
    return this.cache.get('time_series', range, key, async (): Promise<TimeSeriesDto> => {
      const perDay = await perMoment((moment) => this.tickets.countReachedPerDay(moment, range));
      return { ...rangeFields(range), granularity, buckets: timeBuckets(range, granularity, perDay) };
    });
  }

  private momentCounts(range: DateRange): Promise<MomentCounts> {
    return perMoment((moment) => this.tickets.countReached(moment, range));
  }
}

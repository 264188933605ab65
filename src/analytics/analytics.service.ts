import { Inject, Injectable } from '@nestjs/common';
import { TOPIC_LABELER, type TopicLabeler, type TopicLabels } from '../ai/ai.ports';
import { MisuseReportsRepository } from '../misuse/misuse-reports.repository';
import { TicketReportsRepository, type TicketMoment } from '../tickets/ticket-reports.repository';
import { UsersRepository } from '../users/users.repository';
import { ANALYTICS_TTL_MS, AnalyticsCache } from './analytics-cache';
import { Clock } from '../common/clock/clock';
import {
  bucketEnd,
  daysIn,
  previousRange,
  resolveRange,
  startOfToday,
  startOfWeek,
  weekOf,
  type DateRange,
} from './analytics-range';
import type { RangeQueryDto, TimeSeriesQueryDto } from './dto/analytics.dto';
import type {
  ActiveRequesterDto,
  AgentLoadDto,
  DepartmentFiguresDto,
  DepartmentsDto,
  FlaggedUserDto,
  OverviewDto,
  ResolutionDistributionDto,
  ResolutionTimesDto,
  TicketsPerUserDto,
  TicketVolumeDto,
  TimeBucketDto,
  TimeSeriesDto,
  TrendingTopicDto,
  TrendingTopicsDto,
  UserActivityDto,
} from './dto/analytics-response.dto';
import { summariseDurations, type DurationSummary } from './statistics';
import { trendingTopics } from './trending-topics';
import type { Department } from '../domain/department';

const STATUSES = ['open', 'assigned', 'resolved', 'closed'] as const;
const DEPARTMENT_KEYS = ['IT', 'HR', 'unrouted'] as const;
const URGENCIES = ['low', 'medium', 'high'] as const;
const MOMENTS: TicketMoment[] = ['created', 'resolved', 'closed'];
const TOP_USERS = 10;
/** Tickets read per window for trending topics: the newest, which is what "trending" is about. */
const TOPIC_SAMPLE = 5000;
/** Requesters' tickets-per-user buckets: [label, lowest, highest]. */
const ACTIVITY_BUCKETS: Array<[keyof TicketsPerUserDto, number, number]> = [
  ['1', 1, 1],
  ['2-3', 2, 3],
  ['4-5', 4, 5],
  ['6-10', 6, 10],
  ['11+', 11, Number.POSITIVE_INFINITY],
];
const RESOLUTION_BUCKETS: Array<[keyof ResolutionDistributionDto, number]> = [
  ['under_1h', 3600],
  ['1h_to_4h', 4 * 3600],
  ['4h_to_24h', 86_400],
  ['1d_to_3d', 3 * 86_400],
  ['3d_to_7d', 7 * 86_400],
  ['over_7d', Number.POSITIVE_INFINITY],
];

/** Departments as analytics name them: a ticket held for review has none yet ("unrouted"). */
function departmentKey(value: string): (typeof DEPARTMENT_KEYS)[number] {
  return value === 'IT' || value === 'HR' ? value : 'unrouted';
}

function fill<K extends string>(
  keys: readonly K[],
  counts: Map<string, number>,
  map: (key: string) => K = (k) => k as K,
) {
  const result = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const [key, n] of counts) result[map(key)] += n;
  return result;
}

const rangeOut = (range: DateRange) => ({ from: range.from, to: range.to });
const key = (range: DateRange) => `${range.from.toISOString()}:${range.to.toISOString()}`;

@Injectable()
export class AnalyticsService {
  constructor(
    private readonly tickets: TicketReportsRepository,
    private readonly users: UsersRepository,
    private readonly reports: MisuseReportsRepository,
    private readonly cache: AnalyticsCache,
    private readonly clock: Clock,
    @Inject(TOPIC_LABELER) private readonly labeler: TopicLabeler,
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
      const status = fill(STATUSES, byStatus);
      return {
        generated_at: now,
        totals: {
          tickets: Object.values(status).reduce((sum, n) => sum + n, 0),
          by_status: status,
          by_department: fill(DEPARTMENT_KEYS, byDepartment, departmentKey),
          by_urgency: fill(URGENCIES, byUrgency),
        },
        open_vs_flagged: { open: openNotFlagged, flagged },
        today: todayCounts,
        this_week: weekCounts,
      };
    });
  }

  ticketVolume(query: RangeQueryDto): Promise<TicketVolumeDto> {
    const range = this.range(query);
    return this.cache.get('ticket_volume', range, key(range), async (): Promise<TicketVolumeDto> => {
      const [totals, ...byDepartment] = await Promise.all([
        this.momentCounts(range),
        ...MOMENTS.map((moment) => this.tickets.countReachedBy(moment, range, 'department')),
      ]);
      const byUrgency = await this.tickets.countReachedBy('created', range, 'urgency');
      const departments = Object.fromEntries(
        DEPARTMENT_KEYS.map((key) => [key, { created: 0, resolved: 0, closed: 0 }]),
      ) as Record<(typeof DEPARTMENT_KEYS)[number], Record<TicketMoment, number>>;
      MOMENTS.forEach((moment, i) => {
        for (const [department, n] of byDepartment[i]!) departments[departmentKey(department)][moment] += n;
      });
      return {
        ...rangeOut(range),
        ...totals,
        by_department: departments,
        created_by_urgency: fill(URGENCIES, byUrgency),
      };
    });
  }

  timeSeries(query: TimeSeriesQueryDto): Promise<TimeSeriesDto> {
    const range = this.range(query);
    const granularity = query.granularity ?? 'day';
    return this.cache.get('time_series', range, `${granularity}:${key(range)}`, async (): Promise<TimeSeriesDto> => {
      const perDay = await Promise.all(MOMENTS.map((moment) => this.tickets.countReachedPerDay(moment, range)));
      const buckets = new Map<string, Record<TicketMoment, number>>();
      for (const day of daysIn(range)) {
        const start = granularity === 'week' ? weekOf(day) : day;
        if (!buckets.has(start)) buckets.set(start, { created: 0, resolved: 0, closed: 0 });
        const bucket = buckets.get(start)!;
        MOMENTS.forEach((moment, i) => (bucket[moment] += perDay[i]!.get(day) ?? 0));
      }
      return {
        ...rangeOut(range),
        granularity,
        buckets: [...buckets].map(([start, counts]): TimeBucketDto => ({ start, ...counts })),
      };
    });
  }

  departments(query: RangeQueryDto): Promise<DepartmentsDto> {
    const range = this.range(query);
    return this.cache.get('departments', range, key(range), async (): Promise<DepartmentsDto> => {
      const [statusRows, resolutions, itAgents, hrAgents] = await Promise.all([
        this.tickets.countCreatedByDepartmentAndStatus(range),
        this.tickets.resolutionsWithin(range),
        this.users.findActiveByRole('it_agent'),
        this.users.findActiveByRole('hr_agent'),
      ]);
      const load = await this.tickets.assignedLoadByAgent([...itAgents, ...hrAgents].map((agent) => agent.id));
      const departments = (['IT', 'HR'] as Department[]).map((department): DepartmentFiguresDto => {
        const rows = statusRows.filter((row) => row.department === department);
        const byStatus = fill(STATUSES, new Map(rows.map((row) => [row.status, row.n])));
        const agents = department === 'IT' ? itAgents : hrAgents;
        return {
          department,
          volume: Object.values(byStatus).reduce((sum, n) => sum + n, 0),
          open: byStatus.open + byStatus.assigned,
          resolved: byStatus.resolved,
          closed: byStatus.closed,
          resolution: summariseDurations(resolutions.filter((r) => r.department === department).map((r) => r.seconds)),
          agents: agents
            .map((agent): AgentLoadDto => ({
              agent_id: agent.id,
              username: agent.username,
              assigned_open: load.get(agent.id) ?? 0,
            }))
            .sort((a, b) => b.assigned_open - a.assigned_open || a.username.localeCompare(b.username)),
        };
      });
      return { ...rangeOut(range), departments };
    });
  }

  resolutionTimes(query: RangeQueryDto): Promise<ResolutionTimesDto> {
    const range = this.range(query);
    return this.cache.get('resolution_times', range, key(range), async (): Promise<ResolutionTimesDto> => {
      const resolutions = await this.tickets.resolutionsWithin(range);
      const seconds = resolutions.map((r) => r.seconds);
      const by = <K extends string>(keys: readonly K[], pick: (r: (typeof resolutions)[number]) => string) =>
        Object.fromEntries(
          keys.map((key) => [
            key,
            summariseDurations(resolutions.filter((r) => pick(r) === key).map((r) => r.seconds)),
          ]),
        ) as Record<K, DurationSummary>;
      let lower = 0;
      const distribution = Object.fromEntries(
        RESOLUTION_BUCKETS.map(([label, upper]) => {
          const n = seconds.filter((s) => s >= lower && s < upper).length;
          lower = upper;
          return [label, n];
        }),
      ) as Record<keyof ResolutionDistributionDto, number>;
      return {
        ...rangeOut(range),
        overall: summariseDurations(seconds),
        by_department: by(['IT', 'HR'] as const, (r) => r.department),
        by_urgency: by(URGENCIES, (r) => r.urgency),
        distribution,
      };
    });
  }

  userActivity(query: RangeQueryDto): Promise<UserActivityDto> {
    const range = this.range(query);
    return this.cache.get('user_activity', range, key(range), async (): Promise<UserActivityDto> => {
      const perUser = await this.tickets.countCreatedPerRequester(range);
      const top = perUser.slice(0, TOP_USERS);
      const names = new Map((await this.users.findManyByIds(top.map((u) => u.user_id))).map((u) => [u.id, u.username]));
      return {
        ...rangeOut(range),
        active_requesters: perUser.length,
        tickets: perUser.reduce((sum, u) => sum + u.tickets, 0),
        most_active: top.map((u): ActiveRequesterDto => ({
          user_id: u.user_id,
          username: names.get(u.user_id) ?? null,
          tickets: u.tickets,
        })),
        tickets_per_user: Object.fromEntries(
          ACTIVITY_BUCKETS.map(([label, low, high]) => [
            label,
            perUser.filter((u) => u.tickets >= low && u.tickets <= high).length,
          ]),
        ) as Record<keyof TicketsPerUserDto, number>,
      };
    });
  }

  flaggedUsers(): Promise<FlaggedUserDto[]> {
    return this.cache.get('flagged_users', null, 'all', async (): Promise<FlaggedUserDto[]> => {
      const [flagged, unreviewed] = await Promise.all([
        this.tickets.flaggedPerRequester(),
        this.reports.unreviewedCountsByUser(),
      ]);
      const ids = [...new Set([...flagged.map((f) => f.user_id), ...unreviewed.keys()])];
      const users = new Map((await this.users.findManyByIds(ids)).map((u) => [u.id, u]));
      const flaggedBy = new Map(flagged.map((f) => [f.user_id, f]));
      return ids
        .map((id): FlaggedUserDto => ({
          user_id: id,
          username: users.get(id)?.username ?? null,
          is_active: users.get(id)?.is_active ?? null,
          flagged_tickets: flaggedBy.get(id)?.flagged ?? 0,
          last_flagged_at: flaggedBy.get(id)?.last_flagged_at ?? null,
          unreviewed_reports: unreviewed.get(id) ?? 0,
        }))
        .sort(
          (a, b) =>
            b.flagged_tickets + b.unreviewed_reports - (a.flagged_tickets + a.unreviewed_reports) ||
            a.user_id.localeCompare(b.user_id),
        );
    });
  }

  trendingTopics(query: RangeQueryDto): Promise<TrendingTopicsDto> {
    const range = this.range(query);
    const before = previousRange(range);
    return this.cache.get(
      'trending_topics',
      { from: before.from, to: range.to },
      key(range),
      async (): Promise<TrendingTopicsDto> => {
        const [current, previous] = await Promise.all([
          this.tickets.newestTextsCreatedWithin(range, TOPIC_SAMPLE),
          this.tickets.newestTextsCreatedWithin(before, TOPIC_SAMPLE),
        ]);
        const topics = trendingTopics(current, previous);
        // Nothing to label asks no one (a hosted call would cost time for an empty answer).
        const labelled: TopicLabels | null =
          topics.length === 0 ? null : await this.labeler.label({ terms: topics.map((t) => t.term), samples: current });
        return {
          ...rangeOut(range),
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
      },
    );
  }

  /** The asked range; a default end falls on the cache's bucket, so repeated requests share a figure. */
  private range(query: RangeQueryDto): DateRange {
    return resolveRange(query.from, query.to, this.clock.now(), ANALYTICS_TTL_MS);
  }

  private async momentCounts(range: DateRange): Promise<Record<TicketMoment, number>> {
    const [created, resolved, closed] = await Promise.all(
      MOMENTS.map((moment) => this.tickets.countReached(moment, range)),
    );
    return { created: created!, resolved: resolved!, closed: closed! };
  }
}

import { Injectable } from '@nestjs/common';
import { DEPARTMENTS } from '../domain/department';
import { TicketReportsRepository, type ResolutionDuration } from '../tickets/ticket-reports.repository';
import type { UserRecord } from '../users/user.types';
import { UsersRepository } from '../users/users.repository';
import { countsFor, resolutionDistribution, STATUS_KEYS, URGENCY_KEYS } from './analytics-buckets';
import { AnalyticsCache } from './analytics-cache';
import { rangeCacheKey, rangeFields } from './analytics-range';
import { AnalyticsRangeResolver } from './analytics-range-resolver';
import type { RangeQueryDto } from './dto/analytics.dto';
import type {
  AgentLoadDto,
  DepartmentFiguresDto,
  DepartmentsDto,
  ResolutionTimesDto,
} from './dto/analytics-response.dto';
import { summariseDurations, type DurationSummary } from './statistics';

/** Each key's summary of the durations whose `pick` is that key. */
function summarisedBy<K extends string>(
  keys: readonly K[],
  resolutions: readonly ResolutionDuration[],
  pick: (resolution: ResolutionDuration) => string,
): Record<K, DurationSummary> {
  return Object.fromEntries(
    keys.map((key) => [key, summariseDurations(resolutions.filter((r) => pick(r) === key).map((r) => r.seconds))]),
  ) as Record<K, DurationSummary>;
}

/** Agents by current load, heaviest first, then by name. */
function agentLoads(agents: readonly UserRecord[], load: Map<string, number>): AgentLoadDto[] {
  return agents
    .map((agent): AgentLoadDto => ({
      agent_id: agent.id,
      username: agent.username,
      assigned_open: load.get(agent.id) ?? 0,
    }))
    .sort((a, b) => b.assigned_open - a.assigned_open || a.username.localeCompare(b.username));
}

/**
 * How the departments cope: each one's tickets by status, its time to resolution and its agents'
 * current load; and the time to resolution overall, by department and by urgency.
 */
@Injectable()
export class DepartmentFiguresService {
  constructor(
    private readonly tickets: TicketReportsRepository,
    private readonly users: UsersRepository,
    private readonly ranges: AnalyticsRangeResolver,
    private readonly cache: AnalyticsCache,
  ) {}

  departments(query: RangeQueryDto): Promise<DepartmentsDto> {
    const range = this.ranges.requested(query);
    return this.cache.get('departments', range, rangeCacheKey(range), async (): Promise<DepartmentsDto> => {
      const [statusRows, resolutions, itAgents, hrAgents] = await Promise.all([
        this.tickets.countCreatedByDepartmentAndStatus(range),
        this.tickets.resolutionsWithin(range),
        this.users.findActiveByRole('it_agent'),
        this.users.findActiveByRole('hr_agent'),
      ]);
      const load = await this.tickets.assignedLoadByAgent([...itAgents, ...hrAgents].map((agent) => agent.id));
      const resolutionBy = summarisedBy(DEPARTMENTS, resolutions, (r) => r.department);
      const departments = DEPARTMENTS.map((department): DepartmentFiguresDto => {
        const rows = statusRows.filter((row) => row.department === department);
        const byStatus = countsFor(STATUS_KEYS, new Map(rows.map((row) => [row.status, row.n])));
        return {
          department,
          volume: Object.values(byStatus).reduce((sum, n) => sum + n, 0),
          open: byStatus.open + byStatus.assigned,
          resolved: byStatus.resolved,
          closed: byStatus.closed,
          resolution: resolutionBy[department],
          agents: agentLoads(department === 'IT' ? itAgents : hrAgents, load),
        };
      });
      return { ...rangeFields(range), departments };
    });
  }

  resolutionTimes(query: RangeQueryDto): Promise<ResolutionTimesDto> {
    const range = this.ranges.requested(query);
    return this.cache.get('resolution_times', range, rangeCacheKey(range), async (): Promise<ResolutionTimesDto> => {
      const resolutions = await this.tickets.resolutionsWithin(range);
      const seconds = resolutions.map((r) => r.seconds);
      return {
        ...rangeFields(range),
        overall: summariseDurations(seconds),
        by_department: summarisedBy(DEPARTMENTS, resolutions, (r) => r.department),
        by_urgency: summarisedBy(URGENCY_KEYS, resolutions, (r) => r.urgency),
        distribution: resolutionDistribution(seconds),
      };
    });
  }
}

import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { DEPARTMENTS } from '../domain/department';
import { TicketReportsRepository, type SlaOutcomeRow, type SlaTally } from '../tickets/ticket-reports.repository';
import { UsersRepository } from '../users/users.repository';
import { URGENCY_KEYS } from './analytics-buckets';
import { AnalyticsCache } from './analytics-cache';
import { rangeCacheKey, rangeFields } from './analytics-range';
import { AnalyticsRangeResolver } from './analytics-range-resolver';
import type { RangeQueryDto } from './dto/analytics.dto';
import { complianceRate } from './statistics';
import type { SlaComplianceDto, SlaTallyDto, SlaTargetTalliesDto } from './dto/analytics-response.dto';

function tallyOf(tallies: readonly SlaTally[]): SlaTallyDto {
  const met = tallies.reduce((sum, t) => sum + t.met, 0);
  const missed = tallies.reduce((sum, t) => sum + t.missed, 0);
  return { met, missed, compliance: complianceRate(met, missed) };
}

function talliesOf(rows: readonly SlaOutcomeRow[]): SlaTargetTalliesDto {
  return {
    first_response: tallyOf(rows.map((row) => row.first_response)),
    resolution: tallyOf(rows.map((row) => row.resolution)),
  };
}

function talliesBy<K extends string>(
  keys: readonly K[],
  rows: readonly SlaOutcomeRow[],
  pick: (row: SlaOutcomeRow) => string | null,
): Record<K, SlaTargetTalliesDto> {
  return Object.fromEntries(keys.map((key) => [key, talliesOf(rows.filter((row) => pick(row) === key))])) as Record<
    K,
    SlaTargetTalliesDto
  >;
}

/** SPEC §11.2's SLA compliance: the targets that settled in a range, met or missed, by department, urgency and agent. */
@Injectable()
export class SlaComplianceService {
  constructor(
    private readonly tickets: TicketReportsRepository,
    private readonly users: UsersRepository,
    private readonly ranges: AnalyticsRangeResolver,
    private readonly cache: AnalyticsCache,
    private readonly clock: Clock,
  ) {}

  compliance(query: RangeQueryDto): Promise<SlaComplianceDto> {
    const range = this.ranges.requested(query);
    return this.cache.get('sla_compliance', range, rangeCacheKey(range), async (): Promise<SlaComplianceDto> => {
      const rows = await this.tickets.slaOutcomesWithin(range, this.clock.now());
      const agentIds = [...new Set(rows.flatMap((row) => (row.assignee_id ? [row.assignee_id] : [])))].sort();
      const names = new Map((await this.users.findManyByIds(agentIds)).map((user) => [user.id, user.username]));
      return {
        ...rangeFields(range),
        overall: talliesOf(rows),
        by_department: talliesBy(DEPARTMENTS, rows, (row) => row.department),
        by_urgency: talliesBy(URGENCY_KEYS, rows, (row) => row.urgency),
        by_agent: agentIds.map((agentId) => ({
          agent_id: agentId,
          username: names.get(agentId) ?? null,
          ...talliesOf(rows.filter((row) => row.assignee_id === agentId)),
        })),
      };
    });
  }
}

import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE_IDS, type AsJson } from '../../common/http/example-ids';
import { DEPARTMENTS, type Department } from '../../domain/department';
import { complianceRate } from '../statistics';

/**
 * What the analytics endpoints answer. The service's methods are typed with these classes, so a
 * figure added to or dropped from an answer is a compile error until the document says so too.
 *
 * The examples describe one helpdesk: 12 tickets so far (one held for review), 9 of them raised
 * from 2025-11-22 to 2025-11-24 (the range the examples were asked for). Each endpoint's example
 * is a whole answer (figures repeat in several places and must add up), so the classes carry
 * descriptions and the examples live below, one per endpoint.
 */

const date = (description: string) => ApiProperty({ type: String, format: 'date-time', description });
const count = (description?: string) => ApiProperty({ type: Number, ...(description ? { description } : {}) });

export class MomentCountsDto {
  @count('Tickets created') created!: number;
  @count('Tickets resolved') resolved!: number;
  @count('Tickets closed') closed!: number;
}

export class StatusCountsDto {
  @count() open!: number;
  @count() assigned!: number;
  @count() resolved!: number;
  @count() closed!: number;
}

export class DepartmentCountsDto {
  @count() IT!: number;
  @count() HR!: number;
  @count('Held for review: no department yet') unrouted!: number;
}

export class UrgencyCountsDto {
  @count() low!: number;
  @count() medium!: number;
  @count() high!: number;
}

export class OverviewTotalsDto {
  @count('Every ticket ever raised') tickets!: number;
  @ApiProperty({ type: StatusCountsDto }) by_status!: StatusCountsDto;
  @ApiProperty({ type: DepartmentCountsDto }) by_department!: DepartmentCountsDto;
  @ApiProperty({ type: UrgencyCountsDto }) by_urgency!: UrgencyCountsDto;
}

export class OpenVersusFlaggedDto {
  @count('Open or assigned, not held for review') open!: number;
  @count('Held for review') flagged!: number;
}

export class OverviewDto {
  @date('When these figures were computed (they are cached for up to 30 s)') generated_at!: Date;
  @ApiProperty({ type: OverviewTotalsDto }) totals!: OverviewTotalsDto;
  @ApiProperty({ type: OpenVersusFlaggedDto }) open_vs_flagged!: OpenVersusFlaggedDto;
  @ApiProperty({ type: MomentCountsDto, description: 'Since 00:00 UTC' }) today!: MomentCountsDto;
  @ApiProperty({ type: MomentCountsDto, description: 'Since Monday 00:00 UTC' }) this_week!: MomentCountsDto;
}

/** Every range answer starts with the range it covers, as resolved from `from` and `to`. */
export class RangeDto {
  @date('Start of the range (inclusive)') from!: Date;
  @date('End of the range (exclusive)') to!: Date;
}

export class DepartmentMomentsDto {
  @ApiProperty({ type: MomentCountsDto }) IT!: MomentCountsDto;
  @ApiProperty({ type: MomentCountsDto }) HR!: MomentCountsDto;
  @ApiProperty({ type: MomentCountsDto, description: 'Held for review: no department yet' })
  unrouted!: MomentCountsDto;
}

export class TicketVolumeDto extends RangeDto {
  @count('Tickets created in the range') created!: number;
  @count('Tickets resolved in the range') resolved!: number;
  @count('Tickets closed in the range') closed!: number;
  @ApiProperty({ type: DepartmentMomentsDto }) by_department!: DepartmentMomentsDto;
  @ApiProperty({ type: UrgencyCountsDto, description: 'Tickets created in the range' })
  created_by_urgency!: UrgencyCountsDto;
}

export class TimeBucketDto extends MomentCountsDto {
  @ApiProperty({ description: 'The UTC day, or the Monday starting the week', example: '2025-11-24' }) start!: string;
}

export class TimeSeriesDto extends RangeDto {
  @ApiProperty({ enum: ['day', 'week'] }) granularity!: 'day' | 'week';
  @ApiProperty({ type: [TimeBucketDto], description: 'Every day or week of the range, oldest first; empty ones are 0' })
  buckets!: TimeBucketDto[];
}

export class DurationSummaryDto {
  @count('How many durations') count!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Null when count is 0' }) median_seconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Nearest-rank 90th percentile' })
  p90_seconds!: number | null;
  @ApiProperty({ type: Number, nullable: true }) mean_seconds!: number | null;
}

export class AgentLoadDto {
  @ApiProperty() agent_id!: string;
  @ApiProperty() username!: string;
  @count('Tickets assigned to the agent now, whatever the range') assigned_open!: number;
}

export class DepartmentFiguresDto {
  @ApiProperty({ enum: DEPARTMENTS }) department!: Department;
  @count('Tickets created in the range') volume!: number;
  @count('Of those: open or assigned now') open!: number;
  @count('Of those: resolved now') resolved!: number;
  @count('Of those: closed now') closed!: number;
  @ApiProperty({
    type: DurationSummaryDto,
    description: "Time to resolution of the department's tickets resolved in the range",
  })
  resolution!: DurationSummaryDto;
  @ApiProperty({ type: [AgentLoadDto], description: 'Active agents of the department, busiest first' })
  agents!: AgentLoadDto[];
}

export class DepartmentsDto extends RangeDto {
  @ApiProperty({ type: [DepartmentFiguresDto] }) departments!: DepartmentFiguresDto[];
}

export class DepartmentDurationsDto {
  @ApiProperty({ type: DurationSummaryDto }) IT!: DurationSummaryDto;
  @ApiProperty({ type: DurationSummaryDto }) HR!: DurationSummaryDto;
}

export class UrgencyDurationsDto {
  @ApiProperty({ type: DurationSummaryDto }) low!: DurationSummaryDto;
  @ApiProperty({ type: DurationSummaryDto }) medium!: DurationSummaryDto;
  @ApiProperty({ type: DurationSummaryDto }) high!: DurationSummaryDto;
}

/** Tickets by time to resolution, in half-open buckets. */
export class ResolutionDistributionDto {
  @count('Under an hour') under_1h!: number;
  @count() '1h_to_4h'!: number;
  @count() '4h_to_24h'!: number;
  @count() '1d_to_3d'!: number;
  @count() '3d_to_7d'!: number;
  @count() over_7d!: number;
}

export class ResolutionTimesDto extends RangeDto {
  @ApiProperty({ type: DurationSummaryDto, description: 'Tickets resolved in the range' })
  overall!: DurationSummaryDto;
  @ApiProperty({ type: DepartmentDurationsDto }) by_department!: DepartmentDurationsDto;
  @ApiProperty({ type: UrgencyDurationsDto }) by_urgency!: UrgencyDurationsDto;
  @ApiProperty({ type: ResolutionDistributionDto }) distribution!: ResolutionDistributionDto;
}

export class SlaTallyDto {
  @count('Targets met: answered, or resolved or closed, by the due time') met!: number;
  @count('Targets missed: the due time passed unmet') missed!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'met / (met + missed), rounded to 4 places; null when no target settled',
  })
  compliance!: number | null;
}

export class SlaTargetTalliesDto {
  @ApiProperty({ type: SlaTallyDto }) first_response!: SlaTallyDto;
  @ApiProperty({ type: SlaTallyDto }) resolution!: SlaTallyDto;
}

export class DepartmentSlaDto {
  @ApiProperty({ type: SlaTargetTalliesDto }) IT!: SlaTargetTalliesDto;
  @ApiProperty({ type: SlaTargetTalliesDto }) HR!: SlaTargetTalliesDto;
}

export class UrgencySlaDto {
  @ApiProperty({ type: SlaTargetTalliesDto }) low!: SlaTargetTalliesDto;
  @ApiProperty({ type: SlaTargetTalliesDto }) medium!: SlaTargetTalliesDto;
  @ApiProperty({ type: SlaTargetTalliesDto }) high!: SlaTargetTalliesDto;
}

export class AgentSlaDto extends SlaTargetTalliesDto {
  @ApiProperty() agent_id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null if the account is gone' }) username!: string | null;
}

export class SlaComplianceDto extends RangeDto {
  @ApiProperty({ type: SlaTargetTalliesDto, description: 'Every target that settled in the range' })
  overall!: SlaTargetTalliesDto;
  @ApiProperty({ type: DepartmentSlaDto }) by_department!: DepartmentSlaDto;
  @ApiProperty({ type: UrgencySlaDto }) by_urgency!: UrgencySlaDto;
  @ApiProperty({
    type: [AgentSlaDto],
    description: 'Each agent who held tickets whose targets settled in the range (the assignee now), by agent id',
  })
  by_agent!: AgentSlaDto[];
}

export class ActiveRequesterDto {
  @ApiProperty() user_id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null if the account is gone' }) username!: string | null;
  @count('Tickets created in the range') tickets!: number;
}

/** How many requesters raised how many tickets in the range. */
export class TicketsPerUserDto {
  @count() '1'!: number;
  @count() '2-3'!: number;
  @count() '4-5'!: number;
  @count() '6-10'!: number;
  @count() '11+'!: number;
}

export class UserActivityDto extends RangeDto {
  @count('Requesters who raised a ticket in the range') active_requesters!: number;
  @count('Tickets raised in the range') tickets!: number;
  @ApiProperty({ type: [ActiveRequesterDto], description: 'Up to 10, most tickets first' })
  most_active!: ActiveRequesterDto[];
  @ApiProperty({ type: TicketsPerUserDto }) tickets_per_user!: TicketsPerUserDto;
}

export class FlaggedUserDto {
  @ApiProperty() user_id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null if the account is gone' }) username!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Null if the account is gone' })
  is_active!: boolean | null;
  @count('Tickets held for review') flagged_tickets!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_flagged_at!: Date | null;
  @count('Misuse reports not yet reviewed') unreviewed_reports!: number;
}

export class TrendingTopicDto {
  @ApiProperty({ description: 'A content word or a pair of adjacent content words' }) term!: string;
  @count('Tickets of the range about it (in the title, or at least twice in the ticket)') count!: number;
  @count('Tickets of the previous window about it') previous_count!: number;
  @ApiProperty({
    type: Number,
    description:
      '(count + 1) / (expected + 1), rounded to 2 decimals; expected is previous_count scaled to this window’s ' +
      'volume (previous_count × tickets / previous_tickets), so windows of different sizes compare by rate',
  })
  growth!: number;
  @ApiProperty({ type: String, nullable: true, description: 'A one-line label from Gemini, when configured' })
  label!: string | null;
}

export class TrendingTopicsDto extends RangeDto {
  @date('Start of the previous window, of the same length, that ends at `from`') previous_from!: Date;
  @count('Tickets of the range compared (the newest 5,000)') tickets!: number;
  @count('Tickets of the previous window compared') previous_tickets!: number;
  @ApiProperty({ type: String, enum: ['gemini'], nullable: true, description: 'Null when the topics are unlabelled' })
  labelled_by!: 'gemini' | null;
  @ApiProperty({
    type: [TrendingTopicDto],
    description:
      'Up to 10, most risen first (count × ln growth); a term a fifth of the tickets are about is always listed, ' +
      'after the risers when it did not grow',
  })
  topics!: TrendingTopicDto[];
}

/* ---- Examples: one helpdesk, figures that add up ---- */

/** The range the examples were asked for, `from=2025-11-22&to=2025-11-24`, as the API resolves it. */
export const EXAMPLE_RANGE = { from: '2025-11-22T00:00:00.000Z', to: '2025-11-25T00:00:00.000Z' } as const;

const none = { count: 0, median_seconds: null, p90_seconds: null, mean_seconds: null };
/** Resolved in the range: two IT tickets (1 h and 2 h, one of them high urgency) and one HR ticket (1 day). */
const itResolutions = { count: 2, median_seconds: 5400, p90_seconds: 7200, mean_seconds: 5400 };
const hrResolutions = { count: 1, median_seconds: 86_400, p90_seconds: 86_400, mean_seconds: 86_400 };

export const OVERVIEW_EXAMPLE = {
  generated_at: '2025-11-24T16:05:00.000Z',
  totals: {
    tickets: 12,
    by_status: { open: 2, assigned: 5, resolved: 3, closed: 2 },
    by_department: { IT: 7, HR: 4, unrouted: 1 },
    by_urgency: { low: 2, medium: 8, high: 2 },
  },
  open_vs_flagged: { open: 6, flagged: 1 },
  today: { created: 3, resolved: 1, closed: 0 },
  // 2025-11-24 is a Monday: this week so far is today.
  this_week: { created: 3, resolved: 1, closed: 0 },
} satisfies AsJson<OverviewDto>;

export const TICKET_VOLUME_EXAMPLE = {
  ...EXAMPLE_RANGE,
  created: 9,
  resolved: 3,
  closed: 1,
  by_department: {
    IT: { created: 5, resolved: 2, closed: 1 },
    HR: { created: 3, resolved: 1, closed: 0 },
    unrouted: { created: 1, resolved: 0, closed: 0 },
  },
  created_by_urgency: { low: 1, medium: 7, high: 1 },
} satisfies AsJson<TicketVolumeDto>;

export const TIME_SERIES_EXAMPLE = {
  ...EXAMPLE_RANGE,
  granularity: 'day',
  buckets: [
    { start: '2025-11-22', created: 2, resolved: 0, closed: 0 },
    { start: '2025-11-23', created: 4, resolved: 2, closed: 1 },
    { start: '2025-11-24', created: 3, resolved: 1, closed: 0 },
  ],
} satisfies AsJson<TimeSeriesDto>;

export const DEPARTMENTS_EXAMPLE = {
  ...EXAMPLE_RANGE,
  departments: [
    {
      department: 'IT',
      volume: 5,
      open: 3,
      resolved: 1,
      closed: 1,
      resolution: itResolutions,
      agents: [{ agent_id: EXAMPLE_IDS.itAgent, username: 'it.agent', assigned_open: 3 }],
    },
    {
      department: 'HR',
      volume: 3,
      open: 2,
      resolved: 1,
      closed: 0,
      resolution: hrResolutions,
      agents: [{ agent_id: '6650f1c2a4b5c6d7e8f90128', username: 'hr.agent', assigned_open: 2 }],
    },
  ],
} satisfies AsJson<DepartmentsDto>;

export const RESOLUTION_TIMES_EXAMPLE = {
  ...EXAMPLE_RANGE,
  overall: { count: 3, median_seconds: 7200, p90_seconds: 86_400, mean_seconds: 32_400 },
  by_department: { IT: itResolutions, HR: hrResolutions },
  by_urgency: {
    low: none,
    medium: { count: 2, median_seconds: 46_800, p90_seconds: 86_400, mean_seconds: 46_800 },
    high: { count: 1, median_seconds: 3600, p90_seconds: 3600, mean_seconds: 3600 },
  },
  distribution: { under_1h: 0, '1h_to_4h': 2, '4h_to_24h': 0, '1d_to_3d': 1, '3d_to_7d': 0, over_7d: 0 },
} satisfies AsJson<ResolutionTimesDto>;

const tally = (met: number, missed: number) => ({ met, missed, compliance: complianceRate(met, missed) });
/** Four IT tickets settled in the range, it.agent's: three answered in time, one late; three resolved in time. */
export const SLA_COMPLIANCE_EXAMPLE = {
  ...EXAMPLE_RANGE,
  overall: { first_response: tally(3, 1), resolution: tally(3, 0) },
  by_department: {
    IT: { first_response: tally(3, 1), resolution: tally(3, 0) },
    HR: { first_response: tally(0, 0), resolution: tally(0, 0) },
  },
  by_urgency: {
    low: { first_response: tally(0, 0), resolution: tally(0, 0) },
    medium: { first_response: tally(2, 1), resolution: tally(2, 0) },
    high: { first_response: tally(1, 0), resolution: tally(1, 0) },
  },
  by_agent: [
    {
      agent_id: EXAMPLE_IDS.itAgent,
      username: 'it.agent',
      first_response: tally(3, 1),
      resolution: tally(3, 0),
    },
  ],
} satisfies AsJson<SlaComplianceDto>;

export const USER_ACTIVITY_EXAMPLE = {
  ...EXAMPLE_RANGE,
  active_requesters: 2,
  tickets: 9,
  most_active: [
    { user_id: EXAMPLE_IDS.bob, username: 'bob', tickets: 5 },
    { user_id: EXAMPLE_IDS.alice, username: 'alice', tickets: 4 },
  ],
  tickets_per_user: { '1': 0, '2-3': 0, '4-5': 2, '6-10': 0, '11+': 0 },
} satisfies AsJson<UserActivityDto>;

/** bob: the held ticket of the overview, and the report of the misuse examples. */
export const FLAGGED_USERS_EXAMPLE = [
  {
    user_id: EXAMPLE_IDS.bob,
    username: 'bob',
    is_active: true,
    flagged_tickets: 1,
    last_flagged_at: '2025-11-23T11:40:00.000Z',
    unreviewed_reports: 1,
  },
] satisfies Array<AsJson<FlaggedUserDto>>;

export const TRENDING_TOPICS_EXAMPLE = {
  ...EXAMPLE_RANGE,
  previous_from: '2025-11-19T00:00:00.000Z',
  tickets: 9,
  previous_tickets: 6,
  labelled_by: null,
  topics: [
    { term: 'laptop', count: 5, previous_count: 1, growth: 2.4, label: null },
    { term: 'black screen', count: 3, previous_count: 0, growth: 4, label: null },
  ],
} satisfies AsJson<TrendingTopicsDto>;

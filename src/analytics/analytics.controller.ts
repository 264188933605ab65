import { SlaComplianceService } from './sla-compliance.service';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/access.decorators';
import { DepartmentFiguresService } from './department-figures.service';
import { RangeQueryDto, TimeSeriesQueryDto } from './dto/analytics.dto';
import {
  DEPARTMENTS_EXAMPLE,
  DepartmentsDto,
  FLAGGED_USERS_EXAMPLE,
  FlaggedUserDto,
  OVERVIEW_EXAMPLE,
  OverviewDto,
  RESOLUTION_TIMES_EXAMPLE,
  ResolutionTimesDto,
  SLA_COMPLIANCE_EXAMPLE,
  SlaComplianceDto,
  TICKET_VOLUME_EXAMPLE,
  TicketVolumeDto,
  TIME_SERIES_EXAMPLE,
  TimeSeriesDto,
  TRENDING_TOPICS_EXAMPLE,
  TrendingTopicsDto,
  USER_ACTIVITY_EXAMPLE,
  UserActivityDto,
} from './dto/analytics-response.dto';
import { RequesterFiguresService } from './requester-figures.service';
import { TicketVolumeService } from './ticket-volume.service';
import { TrendingTopicsService } from './trending-topics.service';

const RANGE_NOTE =
  'Range: `from`/`to` (UTC; a date alone covers its whole day), default the last 30 days, at most 366 days; ' +
  'a bad date, or a reversed or longer range given with both ends, answers 400. Without `to` the range ends ' +
  'where the current 30-second bucket ends (so repeated requests share one cached figure), but at most 366 ' +
  'days after `from`: a `from` alone is always valid. Figures are cached for up to 30 s and ' +
  'dropped at once by the changes that move them made through this instance.';

@ApiTags('Analytics')
@Roles('admin')
@Controller('admin/analytics')
export class AnalyticsController {
  constructor(
    private readonly volume: TicketVolumeService,
    private readonly departmentFigures: DepartmentFiguresService,
    private readonly requesters: RequesterFiguresService,
    private readonly topics: TrendingTopicsService,
    private readonly sla: SlaComplianceService,
  ) {}

  @Get('sla')
  @ApiOperation({
    summary: 'SLA compliance: first-response and resolution targets met and missed, by department, urgency and agent',
    description:
      'A target counts in the range when it settled there: met at the moment it was met (the first reply by an agent ' +
      'or admin, or the ticket resolved or closed, by its due time), missed at its due time once that has passed ' +
      "unmet. Tickets held for review have no targets. Agents are the tickets' current assignees. " +
      RANGE_NOTE,
  })
  @ApiOkResponse({ type: SlaComplianceDto, example: SLA_COMPLIANCE_EXAMPLE })
  slaCompliance(@Query() query: RangeQueryDto): Promise<SlaComplianceDto> {
    return this.sla.compliance(query);
  }

  @Get('overview')
  @ApiOperation({
    summary: 'Totals by status, department and urgency; open vs flagged; today and this week (UTC)',
    description:
      'All tickets ever raised; "today" and "this week" (from Monday) are UTC. Figures are cached for up to 30 s ' +
      'and refreshed at once by changes made through this instance.',
  })
  @ApiOkResponse({ type: OverviewDto, example: OVERVIEW_EXAMPLE })
  overview(): Promise<OverviewDto> {
    return this.volume.overview();
  }

  @Get('ticket-volume')
  @ApiOperation({
    summary: 'Tickets created, resolved and closed in the range, by department and urgency',
    description: `Each ticket counts at the moment it was created, resolved or closed. ${RANGE_NOTE}`,
  })
  @ApiOkResponse({ type: TicketVolumeDto, example: TICKET_VOLUME_EXAMPLE })
  ticketVolume(@Query() query: RangeQueryDto): Promise<TicketVolumeDto> {
    return this.volume.ticketVolume(query);
  }

  @Get('time-series')
  @ApiOperation({
    summary: 'Created, resolved and closed per day or week; empty buckets are zero',
    description: `Weeks start on Monday (ISO). ${RANGE_NOTE}`,
  })
  @ApiOkResponse({ type: TimeSeriesDto, example: TIME_SERIES_EXAMPLE })
  timeSeries(@Query() query: TimeSeriesQueryDto): Promise<TimeSeriesDto> {
    return this.volume.timeSeries(query);
  }

  @Get('departments')
  @ApiOperation({
    summary: 'Per department: volume and status of its tickets, time to resolution, and each agent’s current load',
    description:
      'Volume and statuses count tickets created in the range; time to resolution covers tickets resolved in it ' +
      `(median and nearest-rank p90); agent load is the tickets assigned to each active agent now. ${RANGE_NOTE}`,
  })
  @ApiOkResponse({ type: DepartmentsDto, example: DEPARTMENTS_EXAMPLE })
  departments(@Query() query: RangeQueryDto): Promise<DepartmentsDto> {
    return this.departmentFigures.departments(query);
  }

  @Get('resolution-times')
  @ApiOperation({
    summary: 'Time to resolution of tickets resolved in the range: overall, by department and urgency',
    description:
      'Median (the mean of the two middle values for an even count), nearest-rank p90 and mean, in seconds, and ' +
      `a distribution in buckets. A ticket an admin closed unresolved has no resolution time. ${RANGE_NOTE}`,
  })
  @ApiOkResponse({ type: ResolutionTimesDto, example: RESOLUTION_TIMES_EXAMPLE })
  resolutionTimes(@Query() query: RangeQueryDto): Promise<ResolutionTimesDto> {
    return this.departmentFigures.resolutionTimes(query);
  }

  @Get('user-activity')
  @ApiOperation({
    summary: 'Most active requesters and the tickets-per-requester distribution',
    description: `Counts tickets created in the range, per requester. ${RANGE_NOTE}`,
  })
  @ApiOkResponse({ type: UserActivityDto, example: USER_ACTIVITY_EXAMPLE })
  userActivity(@Query() query: RangeQueryDto): Promise<UserActivityDto> {
    return this.requesters.userActivity(query);
  }

  @Get('flagged-users')
  @ApiOperation({
    summary: 'Users with tickets held for review or misuse reports not yet reviewed',
    description:
      'A plain array, most held tickets plus unreviewed reports first; no range (what waits for review now). ' +
      'Cached for up to 30 s.',
  })
  @ApiOkResponse({ type: [FlaggedUserDto], example: FLAGGED_USERS_EXAMPLE })
  flaggedUsers(): Promise<FlaggedUserDto[]> {
    return this.requesters.flaggedUsers();
  }

  @Get('trending-topics')
  @ApiOperation({
    summary: 'What recent tickets are about: terms and phrases that rose most against the previous window',
    description:
      'Content words and pairs of adjacent ones in the newest 5,000 tickets of the range and of the previous window ' +
      'of the same length. A ticket is about a term in its title or one it repeats. Listed: terms at least three ' +
      'tickets are about that rose by more than chance at the previous rate, and terms a fifth of the tickets are ' +
      'about even if they did not rise; ranked by count × ln(growth). With Gemini configured each has a one-line ' +
      'label (null when it fails). ' +
      RANGE_NOTE,
  })
  @ApiOkResponse({ type: TrendingTopicsDto, example: TRENDING_TOPICS_EXAMPLE })
  trendingTopics(@Query() query: RangeQueryDto): Promise<TrendingTopicsDto> {
    return this.topics.trendingTopics(query);
  }
}

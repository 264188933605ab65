import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/access.decorators';
import { AnalyticsService } from './analytics.service';
import { RangeQueryDto, TimeSeriesQueryDto } from './dto/analytics.dto';

const RANGE_NOTE =
  ' Range: `from`/`to` (UTC; a date alone covers its whole day), default the last 30 days, at most 366 days; ' +
  'figures are cached for up to 30 s.';

@ApiTags('Analytics')
@Roles('admin')
@Controller('admin/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('overview')
  @ApiOperation({ summary: 'Totals by status, department and urgency; open vs flagged; today and this week (UTC)' })
  @ApiOkResponse({
    schema: {
      example: {
        totals: {
          tickets: 12,
          by_status: { open: 2, assigned: 5, resolved: 3, closed: 2 },
          by_department: { IT: 7, HR: 4, unrouted: 1 },
          by_urgency: { low: 2, medium: 8, high: 2 },
        },
        open_vs_flagged: { open: 6, flagged: 1 },
        today: { created: 3, resolved: 1, closed: 0 },
        this_week: { created: 9, resolved: 3, closed: 2 },
      },
    },
  })
  overview() {
    return this.analytics.overview();
  }

  @Get('ticket-volume')
  @ApiOperation({
    summary: 'Tickets created, resolved and closed in the range, by department and urgency.' + RANGE_NOTE,
  })
  ticketVolume(@Query() query: RangeQueryDto) {
    return this.analytics.ticketVolume(query);
  }

  @Get('time-series')
  @ApiOperation({ summary: 'Created, resolved and closed per day or week; empty buckets are zero.' + RANGE_NOTE })
  timeSeries(@Query() query: TimeSeriesQueryDto) {
    return this.analytics.timeSeries(query);
  }

  @Get('departments')
  @ApiOperation({
    summary:
      'Per department, of tickets created in the range: volume, open, resolved, closed, median and p90 time to ' +
      'resolution; and each agent’s current load.' +
      RANGE_NOTE,
  })
  departments(@Query() query: RangeQueryDto) {
    return this.analytics.departments(query);
  }

  @Get('resolution-times')
  @ApiOperation({
    summary: 'Time to resolution of tickets resolved in the range: overall, by department and urgency.' + RANGE_NOTE,
  })
  resolutionTimes(@Query() query: RangeQueryDto) {
    return this.analytics.resolutionTimes(query);
  }

  @Get('user-activity')
  @ApiOperation({ summary: 'Most active requesters and the tickets-per-requester distribution.' + RANGE_NOTE })
  userActivity(@Query() query: RangeQueryDto) {
    return this.analytics.userActivity(query);
  }

  @Get('flagged-users')
  @ApiOperation({ summary: 'Users with tickets held for review or misuse reports not yet reviewed' })
  flaggedUsers() {
    return this.analytics.flaggedUsers();
  }

  @Get('trending-topics')
  @ApiOperation({
    summary:
      'Terms and phrases that rose most against the previous window of the same length; with Gemini configured, ' +
      'each has a one-line label.' +
      RANGE_NOTE,
  })
  trendingTopics(@Query() query: RangeQueryDto) {
    return this.analytics.trendingTopics(query);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles } from '../common/auth/access.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import {
  ActionTakenDto,
  ListMisuseReportsQueryDto,
  MarkedReviewedDto,
  MarkReviewedDto,
  MISUSE_RUN_EXAMPLE,
  MisuseReportDto,
  MisuseRunSummaryDto,
  ReportIdParam,
  SchedulerStatusDto,
  TriggerMisuseDetectionDto,
} from './dto/misuse.dto';
import { MisuseService } from './misuse.service';

const REVIEWED: MarkedReviewedDto = { message: 'Marked as reviewed' };

@ApiTags('Misuse')
@Roles('admin')
@Controller('admin')
export class MisuseController {
  constructor(private readonly misuse: MisuseService) {}

  @Get('misuse-reports')
  @ApiOperation({
    summary: 'Misuse reports, newest first; the total is in the X-Total-Count header',
    description:
      'A plain array (paginated with page and limit), filtered by reviewed, user_id and misuse_type. At most one ' +
      'report per user, misuse type and UTC day; reruns refresh it.',
  })
  @ApiOkResponse({ type: [MisuseReportDto] })
  @ApiHeader({ name: 'X-Total-Count', description: 'All reports matching the filters (response header)' })
  async list(
    @Query() query: ListMisuseReportsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MisuseReportDto[]> {
    const { reports, total } = await this.misuse.list(query);
    void reply.header('X-Total-Count', String(total));
    return reports;
  }

  @Get('misuse-reports/:report_id')
  @ApiOperation({
    summary: 'One misuse report',
    description: 'With its evidence (ticket ids and samples) and the reasoning behind the severity.',
  })
  @ApiOkResponse({ type: MisuseReportDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param() params: ReportIdParam): Promise<MisuseReportDto> {
    return this.misuse.get(params.report_id);
  }

  @Post('mark-reviewed')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark a report reviewed, with the action taken',
    description: 'Records who reviewed it and when; a later rerun of the same day keeps the review.',
  })
  @ApiOkResponse({ type: MarkedReviewedDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async markReviewed(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: MarkReviewedDto,
  ): Promise<MarkedReviewedDto> {
    await this.misuse.markReviewed(dto.report_id, caller.id, dto.action_taken);
    return REVIEWED;
  }

  @Post('misuse-reports/:report_id/mark-reviewed')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark a report reviewed, with the action taken (same as POST /admin/mark-reviewed)',
    description: 'The report named in the path; records who reviewed it and when.',
  })
  @ApiOkResponse({ type: MarkedReviewedDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async markReviewedByPath(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: ReportIdParam,
    @Body() dto: ActionTakenDto,
  ): Promise<MarkedReviewedDto> {
    await this.misuse.markReviewed(params.report_id, caller.id, dto.action_taken);
    return REVIEWED;
  }

  @Post('trigger-misuse-detection')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run misuse detection now over the last 24 h or 7 days; answers the run summary',
    description:
      'Runs while the request waits; progress goes to the admin room as misuse_detection_progress. One run at a ' +
      'time across all instances: during another run this answers 409.',
  })
  @ApiOkResponse({
    type: MisuseRunSummaryDto,
    example: { ...MISUSE_RUN_EXAMPLE, trigger: 'manual', scheduled_for: null, reports_created: 0, reports_updated: 1 },
  })
  @ApiConflictResponse({ description: 'CONFLICT: a run is already in progress' })
  trigger(@Body() dto: TriggerMisuseDetectionDto): Promise<MisuseRunSummaryDto> {
    return this.misuse.trigger(dto.window_hours ?? 24);
  }

  @Get('scheduler-status')
  @ApiOperation({
    summary: 'The misuse job: its schedule, next run, whether a run is in progress, and the last summary',
    description:
      'The schedule is MISUSE_CRON in UTC; one instance runs each scheduled tick. A tick that finds a run in ' +
      'progress (say, a manual one) waits for it and then runs: waiting_tick shows it meanwhile.',
  })
  @ApiOkResponse({ type: SchedulerStatusDto })
  status(): Promise<SchedulerStatusDto> {
    return this.misuse.schedulerStatus();
  }
}

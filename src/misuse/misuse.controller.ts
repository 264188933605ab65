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
  MarkReviewedDto,
  MisuseReportDto,
  MisuseRunSummaryDto,
  ReportIdParam,
  SchedulerStatusDto,
  TriggerMisuseDetectionDto,
} from './dto/misuse.dto';
import { MisuseService } from './misuse.service';

const REVIEWED = { message: 'Marked as reviewed' };

@ApiTags('Misuse')
@Roles('admin')
@Controller('admin')
export class MisuseController {
  constructor(private readonly misuse: MisuseService) {}

  @Get('misuse-reports')
  @ApiOperation({ summary: 'Misuse reports, newest first; the total is in the X-Total-Count header' })
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
  @ApiOperation({ summary: 'One misuse report' })
  @ApiOkResponse({ type: MisuseReportDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param() params: ReportIdParam): Promise<MisuseReportDto> {
    return this.misuse.get(params.report_id);
  }

  @Post('mark-reviewed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a report reviewed, with the action taken' })
  @ApiOkResponse({ schema: { example: REVIEWED } })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async markReviewed(@CurrentUser() caller: AuthenticatedUser, @Body() dto: MarkReviewedDto): Promise<typeof REVIEWED> {
    await this.misuse.markReviewed(dto.report_id, caller.id, dto.action_taken);
    return REVIEWED;
  }

  @Post('misuse-reports/:report_id/mark-reviewed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a report reviewed, with the action taken (same as POST /admin/mark-reviewed)' })
  @ApiOkResponse({ schema: { example: REVIEWED } })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async markReviewedByPath(
    @CurrentUser() caller: AuthenticatedUser,
    @Param() params: ReportIdParam,
    @Body() dto: ActionTakenDto,
  ): Promise<typeof REVIEWED> {
    await this.misuse.markReviewed(params.report_id, caller.id, dto.action_taken);
    return REVIEWED;
  }

  @Post('trigger-misuse-detection')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run misuse detection now over the last 24 h or 7 days; answers the run summary' })
  @ApiOkResponse({ type: MisuseRunSummaryDto })
  @ApiConflictResponse({ description: 'CONFLICT: a run is already in progress' })
  trigger(@Body() dto: TriggerMisuseDetectionDto): Promise<MisuseRunSummaryDto> {
    return this.misuse.trigger(dto.window_hours ?? 24);
  }

  @Get('scheduler-status')
  @ApiOperation({
    summary: 'The misuse job: its schedule, next run, whether a run is in progress, and the last summary',
  })
  @ApiOkResponse({ type: SchedulerStatusDto })
  status(): Promise<SchedulerStatusDto> {
    return this.misuse.schedulerStatus();
  }
}

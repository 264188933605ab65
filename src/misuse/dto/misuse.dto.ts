import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsMongoId, IsString, Length } from 'class-validator';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '../../common/http/example-ids';
import { Optional } from '../../common/http/optional';
import { PaginationQueryDto } from '../../common/http/pagination';
import { BooleanQuery } from '../../common/http/query-transforms';
import { Trimmed } from '../../common/http/trimmed';
import {
  DETECTION_WINDOWS,
  MISUSE_TYPES,
  SEVERITY_LEVELS,
  type DetectionWindowHours,
  type MisuseType,
  type SeverityLevel,
} from '../misuse.types';

export class ListMisuseReportsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'true: reviewed only; false: awaiting review' })
  @Optional()
  @BooleanQuery()
  @IsBoolean()
  reviewed?: boolean;

  @ApiPropertyOptional()
  @Optional()
  @IsMongoId({ message: 'user_id must be a user id (24 hex characters)' })
  user_id?: string;

  @ApiPropertyOptional({ enum: MISUSE_TYPES })
  @Optional()
  @IsIn(MISUSE_TYPES)
  misuse_type?: MisuseType;
}

export class ReportIdParam {
  @IsMongoId({ message: 'report_id must be a report id (24 hex characters)' })
  report_id!: string;
}

export class ActionTakenDto {
  @ApiPropertyOptional({ example: 'Warned the user by e-mail', maxLength: 1000 })
  @Optional()
  @Trimmed()
  @IsString()
  @Length(1, 1000)
  action_taken?: string;
}

export class MarkReviewedDto extends ActionTakenDto {
  @ApiProperty({ example: EXAMPLE_IDS.misuseReport })
  @IsMongoId({ message: 'report_id must be a report id (24 hex characters)' })
  report_id!: string;
}

export class TriggerMisuseDetectionDto {
  @ApiPropertyOptional({ enum: DETECTION_WINDOWS, default: 24, description: '24 (a day) or 168 (a week)' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @IsIn(DETECTION_WINDOWS, { message: 'window_hours must be 24 or 168' })
  window_hours?: DetectionWindowHours;
}

/** The tickets bob filed four times over in the examples, as the detector quotes them. */
const DUPLICATE_SAMPLE = 'Laptop is slow: My laptop is slow, it takes ages to open anything';

/** What the nightly run on 2025-11-25 found: bob filed the same ticket four times (severity medium at 4). */
export const MISUSE_REPORT_EXAMPLE = {
  id: EXAMPLE_IDS.misuseReport,
  user_id: EXAMPLE_IDS.bob,
  detection_date: EXAMPLE_TIMES.misuseRun,
  detection_day: EXAMPLE_TIMES.misuseRun.slice(0, 10),
  misuse_type: 'duplicate_tickets',
  severity_level: 'medium',
  evidence_data: {
    ticket_ids: [
      'TKT-1763990000000-20JC86',
      'TKT-1763991000000-LZXESR',
      'TKT-1763992000000-SULW4X',
      'TKT-1763993000000-GUYLR4',
    ],
    content_samples: [DUPLICATE_SAMPLE, `${DUPLICATE_SAMPLE}!`, `${DUPLICATE_SAMPLE}!!`, `${DUPLICATE_SAMPLE}!!!`],
    pattern_analysis: '4 near-identical tickets in 24 hours, like "Laptop is slow" (mean similarity 0.98).',
  },
  admin_reviewed: false,
  action_taken: null,
  reviewed_by: null,
  reviewed_at: null,
  ai_analysis_metadata: {
    detection_confidence: 0.99,
    model_reasoning:
      'Character-trigram cosine similarity linked 4 tickets at 0.6 or more (mean 0.98); 3 or more copies in one ' +
      'window count as a pattern.',
    analysis_timestamp: EXAMPLE_TIMES.misuseRun,
  },
  window_hours: 24,
  created_at: EXAMPLE_TIMES.misuseRun,
  updated_at: EXAMPLE_TIMES.misuseRun,
} as const satisfies Record<keyof MisuseReportDto, unknown>;

export class MisuseReportDto {
  @ApiProperty({ example: MISUSE_REPORT_EXAMPLE.id }) id!: string;
  @ApiProperty({ example: MISUSE_REPORT_EXAMPLE.user_id }) user_id!: string;
  @ApiProperty({ type: String, format: 'date-time', example: MISUSE_REPORT_EXAMPLE.detection_date })
  detection_date!: Date;
  @ApiProperty({
    example: MISUSE_REPORT_EXAMPLE.detection_day,
    description: 'UTC day; one report per user, type and day',
  })
  detection_day!: string;
  @ApiProperty({ enum: MISUSE_TYPES, example: MISUSE_REPORT_EXAMPLE.misuse_type }) misuse_type!: MisuseType;
  @ApiProperty({ enum: SEVERITY_LEVELS, example: MISUSE_REPORT_EXAMPLE.severity_level })
  severity_level!: SeverityLevel;
  @ApiProperty({ example: MISUSE_REPORT_EXAMPLE.evidence_data })
  evidence_data!: { ticket_ids: string[]; content_samples: string[]; pattern_analysis: string };
  @ApiProperty({ example: MISUSE_REPORT_EXAMPLE.admin_reviewed }) admin_reviewed!: boolean;
  @ApiProperty({ nullable: true, type: String, example: MISUSE_REPORT_EXAMPLE.action_taken })
  action_taken!: string | null;
  @ApiProperty({ nullable: true, type: String, example: MISUSE_REPORT_EXAMPLE.reviewed_by })
  reviewed_by!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: MISUSE_REPORT_EXAMPLE.reviewed_at })
  reviewed_at!: Date | null;
  @ApiProperty({ example: MISUSE_REPORT_EXAMPLE.ai_analysis_metadata })
  ai_analysis_metadata!: { detection_confidence: number; model_reasoning: string; analysis_timestamp: Date };
  @ApiProperty({ enum: DETECTION_WINDOWS, example: MISUSE_REPORT_EXAMPLE.window_hours }) window_hours!: number;
  @ApiProperty({ type: String, format: 'date-time', example: MISUSE_REPORT_EXAMPLE.created_at }) created_at!: Date;
  @ApiProperty({ type: String, format: 'date-time', example: MISUSE_REPORT_EXAMPLE.updated_at }) updated_at!: Date;
}

/** The 02:00 run that produced the report above. */
export const MISUSE_RUN_EXAMPLE = {
  run_id: '702b70fa-6a34-4cb4-8bd1-e254f7a2c0a8',
  trigger: 'scheduled',
  scheduled_for: '2025-11-25T02:00:00.000Z',
  window_hours: 24,
  started_at: '2025-11-25T02:00:00.012Z',
  finished_at: '2025-11-25T02:00:00.852Z',
  duration_ms: 840,
  users_scanned: 14,
  tickets_scanned: 37,
  reports_created: 1,
  reports_updated: 0,
  reports_by_type: { duplicate_tickets: 1, spam_content: 0, abusive_language: 0, jailbreak_attempt: 0 },
  failed_users: 0,
  failures: [],
  peak_heap_mb: 183,
} as const satisfies Record<keyof MisuseRunSummaryDto, unknown>;

export class MisuseRunSummaryDto {
  @ApiProperty({ example: MISUSE_RUN_EXAMPLE.run_id }) run_id!: string;
  @ApiProperty({ enum: ['scheduled', 'manual'], example: MISUSE_RUN_EXAMPLE.trigger }) trigger!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: MISUSE_RUN_EXAMPLE.scheduled_for,
    description:
      'The tick a scheduled run belongs to; it starts later when it waited for a run in progress. Null for manual runs.',
  })
  scheduled_for!: Date | null;
  @ApiProperty({ enum: DETECTION_WINDOWS, example: MISUSE_RUN_EXAMPLE.window_hours }) window_hours!: number;
  @ApiProperty({ type: String, format: 'date-time', example: MISUSE_RUN_EXAMPLE.started_at }) started_at!: Date;
  @ApiProperty({ type: String, format: 'date-time', example: MISUSE_RUN_EXAMPLE.finished_at }) finished_at!: Date;
  @ApiProperty({ example: MISUSE_RUN_EXAMPLE.duration_ms }) duration_ms!: number;
  @ApiProperty({ example: MISUSE_RUN_EXAMPLE.users_scanned, description: 'Requester accounts looked at' })
  users_scanned!: number;
  @ApiProperty({ example: MISUSE_RUN_EXAMPLE.tickets_scanned }) tickets_scanned!: number;
  @ApiProperty({ example: MISUSE_RUN_EXAMPLE.reports_created }) reports_created!: number;
  @ApiProperty({ example: MISUSE_RUN_EXAMPLE.reports_updated, description: 'Reports of the day refreshed by a rerun' })
  reports_updated!: number;
  @ApiProperty({ example: MISUSE_RUN_EXAMPLE.reports_by_type }) reports_by_type!: Record<string, number>;
  @ApiProperty({ example: MISUSE_RUN_EXAMPLE.failed_users }) failed_users!: number;
  @ApiProperty({ example: MISUSE_RUN_EXAMPLE.failures, description: 'Users whose analysis failed; the run went on' })
  failures!: Array<{ user_id: string; error: string }>;
  @ApiProperty({ example: MISUSE_RUN_EXAMPLE.peak_heap_mb }) peak_heap_mb!: number;
}

export class SchedulerStatusDto {
  @ApiProperty({
    example: {
      cron: '0 2 * * *',
      time_zone: 'UTC',
      next_run_at: '2025-11-26T02:00:00.000Z',
      running: false,
      waiting_tick: null,
      last_run: MISUSE_RUN_EXAMPLE,
    },
    description:
      'running: a run (scheduled or manual) holds the lease on some instance. waiting_tick: a scheduled tick that ' +
      'found a run in progress and runs when it ends ({scheduled_for, waiting_since}), else null. last_run: the ' +
      'summary of the last finished run (null before the first).',
  })
  misuse_detection!: {
    cron: string;
    time_zone: 'UTC';
    next_run_at: Date | null;
    running: boolean;
    waiting_tick: { scheduled_for: Date; waiting_since: Date } | null;
    last_run: Record<string, unknown> | null;
  };
}

export class MarkedReviewedDto {
  @ApiProperty({ example: 'Marked as reviewed' }) message!: 'Marked as reviewed';
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsMongoId, IsString, Length } from 'class-validator';
import { Optional } from '../../common/http/optional';
import { PaginationQueryDto } from '../../common/http/pagination';
import { BooleanQuery } from '../../common/http/query-transforms';
import { Trimmed } from '../../tickets/dto/ticket-fields';
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
  @ApiProperty({ example: '665f1c2e8b3f4a0012345678' })
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

export class MisuseReportDto {
  @ApiProperty({ example: '665f1c2e8b3f4a0012345678' }) id!: string;
  @ApiProperty() user_id!: string;
  @ApiProperty() detection_date!: Date;
  @ApiProperty({ example: '2026-11-25' }) detection_day!: string;
  @ApiProperty({ enum: MISUSE_TYPES }) misuse_type!: MisuseType;
  @ApiProperty({ enum: SEVERITY_LEVELS }) severity_level!: SeverityLevel;
  @ApiProperty({
    example: {
      ticket_ids: ['TKT-1764000000000-AB12CD'],
      content_samples: ['Laptop is slow: it takes ages'],
      pattern_analysis: '4 near-identical tickets in 24 hours, like "Laptop is slow" (mean similarity 0.8).',
    },
  })
  evidence_data!: { ticket_ids: string[]; content_samples: string[]; pattern_analysis: string };
  @ApiProperty() admin_reviewed!: boolean;
  @ApiProperty({ nullable: true, type: String }) action_taken!: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewed_by!: string | null;
  @ApiProperty({ nullable: true, type: Date }) reviewed_at!: Date | null;
  @ApiProperty({
    example: { detection_confidence: 0.9, model_reasoning: '…', analysis_timestamp: '2026-11-25T02:00:03Z' },
  })
  ai_analysis_metadata!: { detection_confidence: number; model_reasoning: string; analysis_timestamp: Date };
  @ApiProperty({ enum: DETECTION_WINDOWS }) window_hours!: number;
  @ApiProperty() created_at!: Date;
  @ApiProperty() updated_at!: Date;
}

export class MisuseRunSummaryDto {
  @ApiProperty() run_id!: string;
  @ApiProperty({ enum: ['scheduled', 'manual'] }) trigger!: string;
  @ApiProperty({ enum: DETECTION_WINDOWS }) window_hours!: number;
  @ApiProperty() started_at!: Date;
  @ApiProperty() finished_at!: Date;
  @ApiProperty() duration_ms!: number;
  @ApiProperty() users_scanned!: number;
  @ApiProperty() tickets_scanned!: number;
  @ApiProperty() reports_created!: number;
  @ApiProperty() reports_updated!: number;
  @ApiProperty({ example: { duplicate_tickets: 1, spam_content: 0, abusive_language: 0, jailbreak_attempt: 0 } })
  reports_by_type!: Record<string, number>;
  @ApiProperty() failed_users!: number;
  @ApiProperty({ example: [] }) failures!: Array<{ user_id: string; error: string }>;
  @ApiProperty() peak_heap_mb!: number;
}

export class SchedulerStatusDto {
  @ApiProperty({
    example: {
      cron: '0 2 * * *',
      time_zone: 'UTC',
      next_run_at: '2026-11-26T02:00:00.000Z',
      running: false,
      last_run: null,
    },
  })
  misuse_detection!: {
    cron: string;
    time_zone: 'UTC';
    next_run_at: Date | null;
    running: boolean;
    last_run: Record<string, unknown> | null;
  };
}

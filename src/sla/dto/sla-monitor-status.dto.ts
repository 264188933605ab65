import { ApiProperty } from '@nestjs/swagger';

export const SLA_RUN_EXAMPLE = {
  run_id: '0f8b7f4e-4a7e-4c55-9a39-7d1f3c2b9e10',
  scheduled_for: '2026-12-04T10:15:00.000Z',
  checked_at: '2026-12-04T10:15:00.012Z',
  started_at: '2026-12-04T10:15:00.012Z',
  finished_at: '2026-12-04T10:15:00.240Z',
  duration_ms: 228,
  tickets_checked: 12,
  warnings: 7,
  breaches: 4,
  escalations: 1,
  reassigned: 0,
  first_responses_recovered: 0,
  conflicts: 1,
  peak_heap_mb: 96,
};

export class SlaMonitorStatusDto {
  @ApiProperty({
    example: '* * * * *',
    nullable: true,
    type: String,
    description: 'SLA_CRON; null: off on this instance',
  })
  cron!: string | null;
  @ApiProperty({ example: 'UTC', enum: ['UTC'] }) time_zone!: 'UTC';
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-04T10:16:00.000Z' })
  next_run_at!: Date | null;
  @ApiProperty({ example: false, description: 'A run holds the lease on some instance' }) running!: boolean;
  @ApiProperty({
    type: Object,
    nullable: true,
    example: SLA_RUN_EXAMPLE,
    description: 'The summary of the last finished run, on any instance (null before the first)',
  })
  last_run!: Record<string, unknown> | null;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { IsDateOrDateTime } from '../../common/http/instants';
import { Optional } from '../../common/http/optional';

/**
 * No `example` on these: Swagger UI would fill it into "Try it out", and a fixed date there
 * quietly asks for the figures of that old range instead of the default last 30 days.
 */
export class RangeQueryDto {
  @ApiPropertyOptional({
    description: 'ISO 8601 date or date-time (UTC), e.g. `2025-11-22`; default: 30 days before `to`',
  })
  @Optional()
  @IsString()
  @IsDateOrDateTime()
  from?: string;

  @ApiPropertyOptional({
    description: 'ISO 8601 date (through that whole day), e.g. `2025-11-24`, or date-time; default: now',
  })
  @Optional()
  @IsString()
  @IsDateOrDateTime()
  to?: string;
}

export class TimeSeriesQueryDto extends RangeQueryDto {
  @ApiPropertyOptional({ enum: ['day', 'week'], default: 'day', description: 'UTC days, or ISO weeks starting Monday' })
  @Optional()
  @IsIn(['day', 'week'])
  granularity?: 'day' | 'week';
}

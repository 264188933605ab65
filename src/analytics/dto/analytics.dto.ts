import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { Optional } from '../../common/http/optional';

export class RangeQueryDto {
  @ApiPropertyOptional({
    description: 'ISO 8601 date or date-time (UTC); default: 30 days before `to`',
    example: '2025-11-22',
  })
  @Optional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({
    description: 'ISO 8601 date (through that whole day) or date-time; default: now',
    example: '2025-11-24',
  })
  @Optional()
  @IsString()
  @MaxLength(40)
  to?: string;
}

export class TimeSeriesQueryDto extends RangeQueryDto {
  @ApiPropertyOptional({ enum: ['day', 'week'], default: 'day', description: 'UTC days, or ISO weeks starting Monday' })
  @Optional()
  @IsIn(['day', 'week'])
  granularity?: 'day' | 'week';
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Optional } from './optional';

export const MAX_PAGE_SIZE = 100;

/** `page` (≥ 1, default 1) and `limit` (1–100, default 10), as every list endpoint takes them (SPEC §5). */
export class PaginationQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 10 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 10;
}

/** Examples describe the first page of a list whose one example item is all there is. */
export class PaginationDto {
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 10 }) limit!: number;
  @ApiProperty({ example: 1, description: 'ceil(total_count / limit); 0 when there is nothing' }) total_pages!: number;
  @ApiProperty({ example: false }) has_next!: boolean;
  @ApiProperty({ example: false }) has_prev!: boolean;
}

export function buildPagination(totalCount: number, page: number, limit: number): PaginationDto {
  const totalPages = Math.ceil(totalCount / limit);
  return { page, limit, total_pages: totalPages, has_next: page < totalPages, has_prev: page > 1 };
}

export function skipFor(page: number, limit: number): number {
  return (page - 1) * limit;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '../../common/http/pagination';
import { BooleanQuery } from '../../common/http/query-transforms';
import { USER_ROLES, type UserRole } from '../user-role';

export class ListUsersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  is_active?: boolean;
}

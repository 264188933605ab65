import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { PaginationQueryDto } from '../../common/http/pagination';
import { BooleanQuery } from '../../common/http/query-transforms';
import { Optional } from '../../common/http/optional';
import { USER_ROLES, type UserRole } from '../../domain/user-role';

export class ListUsersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @Optional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ type: Boolean })
  @Optional()
  @BooleanQuery()
  @IsBoolean()
  is_active?: boolean;
}

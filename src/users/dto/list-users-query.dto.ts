import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { PaginationQueryDto } from '../../common/http/pagination';
import { BooleanQuery } from '../../common/http/query-transforms';
import { USER_ROLES, type UserRole } from '../user-role';
import { Optional } from '../../common/http/optional';

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

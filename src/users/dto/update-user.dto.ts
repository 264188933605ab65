import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { EmailField } from './user-fields';
import { Optional } from '../../common/http/optional';
import { RequiresAChange } from '../../common/http/requires-a-change';
import { USER_ROLES, type UserRole } from '../../domain/user-role';

/** What an admin may change; deactivating or changing the role ends the user's sessions. */
@RequiresAChange()
export class UpdateUserDto {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @Optional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  is_active?: boolean;

  @EmailField({ optional: true })
  email?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { USER_ROLES, type UserRole } from '../user-role';
import { EmailField, NewPasswordField, UsernameField } from './user-fields';
import { Optional } from '../../common/http/optional';

export class CreateUserDto {
  @UsernameField()
  username!: string;

  @EmailField()
  email!: string;

  @NewPasswordField()
  password!: string;

  @ApiProperty({ enum: USER_ROLES, example: 'user' })
  @IsIn(USER_ROLES)
  role!: UserRole;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  is_active?: boolean;
}

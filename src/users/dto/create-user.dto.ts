import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { EmailField, NewPasswordField, UsernameField } from './user-fields';
import { Optional } from '../../common/http/optional';
import { USER_ROLES, type UserRole } from '../../domain/user-role';

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

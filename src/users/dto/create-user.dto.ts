import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { USER_ROLES, type UserRole } from '../user-role';
import { EmailField, NewPasswordField, UsernameField } from './user-fields';

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
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}

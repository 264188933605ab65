import { ApiProperty } from '@nestjs/swagger';
import { PaginationDto } from '../../common/http/pagination';
import { USER_ROLES, type UserRole } from '../user-role';
import type { UserRecord } from '../user.types';

/** A user as the API shows it: never the password hash. */
export class UserResponseDto {
  @ApiProperty({ example: '6650f1c2a4b5c6d7e8f90123' }) id!: string;
  @ApiProperty({ example: 'alice' }) username!: string;
  @ApiProperty({ example: 'alice@example.com' }) email!: string;
  @ApiProperty({ enum: USER_ROLES, example: 'user' }) role!: UserRole;
  @ApiProperty({ example: true }) is_active!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_login!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) rate_limit_reset!: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at!: Date;
}

export class UserListResponseDto {
  @ApiProperty({ type: [UserResponseDto] }) users!: UserResponseDto[];
  @ApiProperty({ example: 42 }) total_count!: number;
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
}

export function toUserResponse(user: UserRecord): UserResponseDto {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    role: user.role,
    is_active: user.is_active,
    last_login: user.last_login,
    rate_limit_reset: user.rate_limit_reset,
    created_at: user.created_at,
    updated_at: user.updated_at,
  };
}

import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '../../common/http/example-ids';
import { PaginationDto } from '../../common/http/pagination';
import type { UserRecord } from '../user.types';
import { USER_ROLES, type UserRole } from '../../domain/user-role';

/** A user as the API shows it: never the password hash. */
export class UserResponseDto {
  @ApiProperty({ example: EXAMPLE_IDS.alice }) id!: string;
  @ApiProperty({ example: 'alice' }) username!: string;
  @ApiProperty({ example: 'alice@helpdesk.local' }) email!: string;
  @ApiProperty({ enum: USER_ROLES, example: 'user' }) role!: UserRole;
  @ApiProperty({ example: true }) is_active!: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: EXAMPLE_TIMES.aliceSignedIn,
    description: 'Null until the first sign-in',
  })
  last_login!: Date | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'Set while the user is over the daily ticket limit: when the next ticket is allowed',
  })
  rate_limit_reset!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', example: EXAMPLE_TIMES.accountsCreated }) created_at!: Date;
  @ApiProperty({ type: String, format: 'date-time', example: EXAMPLE_TIMES.accountsCreated }) updated_at!: Date;
}

/** A new account as POST /users answers it: never signed in yet. */
export const CREATED_USER_EXAMPLE = {
  id: EXAMPLE_IDS.carol,
  username: 'carol',
  email: 'carol@helpdesk.local',
  role: 'user',
  is_active: true,
  last_login: null,
  rate_limit_reset: null,
  created_at: EXAMPLE_TIMES.carolCreated,
  updated_at: EXAMPLE_TIMES.carolCreated,
} satisfies Record<keyof UserResponseDto, unknown>;

export class UserListResponseDto {
  @ApiProperty({ type: [UserResponseDto] }) users!: UserResponseDto[];
  @ApiProperty({ example: 1 }) total_count!: number;
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

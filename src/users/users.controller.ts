import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/access.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ObjectIdPipe } from '../common/http/object-id.pipe';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { CREATED_USER_EXAMPLE, UserListResponseDto, UserResponseDto } from './dto/user-response.dto';
import { UsersService } from './users.service';

@ApiTags('Users')
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an account (there is no self sign-up)',
    description:
      'Usernames and e-mails are stored lower-case and must be unique; the password needs 12-128 characters. ' +
      'The new user signs in with POST /auth/login.',
  })
  @ApiCreatedResponse({ type: UserResponseDto, example: CREATED_USER_EXAMPLE })
  @ApiConflictResponse({ description: 'CONFLICT: username or e-mail already taken (details.field says which)' })
  create(@Body() dto: CreateUserDto, @CurrentUser() actor: AuthenticatedUser): Promise<UserResponseDto> {
    return this.users.create(dto, actor.id);
  }

  @Get()
  @ApiOperation({
    summary: 'List accounts, newest first, filtered by role and is_active',
    description: 'Paginated with page and limit (1-100, default 10). Password hashes are never part of an answer.',
  })
  @ApiOkResponse({ type: UserListResponseDto })
  list(@Query() query: ListUsersQueryDto): Promise<UserListResponseDto> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account', description: '`id` is the account ObjectId; a malformed one answers 400.' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@Param('id', ObjectIdPipe) id: string): Promise<UserResponseDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change role, is_active or e-mail',
    description:
      "Deactivating or changing the role ends all of the user's sessions. The last active admin cannot be deactivated or demoted (409).",
  })
  @ApiBody({
    type: UpdateUserDto,
    examples: { promote: { summary: 'Make carol an IT agent', value: { role: 'it_agent' } } },
  })
  @ApiOkResponse({
    type: UserResponseDto,
    example: { ...CREATED_USER_EXAMPLE, role: 'it_agent', updated_at: '2025-11-24T10:05:00.000Z' },
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'CONFLICT: e-mail taken, or last active admin' })
  update(
    @Param('id', ObjectIdPipe) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentUser() actor: AuthenticatedUser,
  ): Promise<UserResponseDto> {
    return this.users.update(id, dto, actor.id);
  }
}

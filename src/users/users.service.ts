import { Inject, Injectable } from '@nestjs/common';
import { SessionsRepository } from '../auth/sessions/sessions.repository';
import { AppError } from '../common/errors/app-error';
import { DomainEventBus } from '../events/domain-events';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import { buildPagination, skipFor } from '../common/http/pagination';
import type { CreateUserDto } from './dto/create-user.dto';
import type { ListUsersQueryDto } from './dto/list-users-query.dto';
import type { UpdateUserDto } from './dto/update-user.dto';
import { toUserResponse, type UserListResponseDto, type UserResponseDto } from './dto/user-response.dto';
import { PasswordHasher } from './password-hasher';
import type { UserRecord } from './user.types';
import { UsersRepository, type UserChanges } from './users.repository';

function isActiveAdmin(user: Pick<UserRecord, 'role' | 'is_active'>): boolean {
  return user.role === 'admin' && user.is_active;
}

@Injectable()
export class UsersService {
  private readonly logger: AppLogger;

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsRepository,
    private readonly events: DomainEventBus,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'users' });
  }

  async create(dto: CreateUserDto, actorId: string): Promise<UserResponseDto> {
    const created = await this.users.create({
      username: dto.username.toLowerCase(),
      email: dto.email.toLowerCase(),
      password_hash: await this.hasher.hash(dto.password),
      role: dto.role,
      is_active: dto.is_active ?? true,
    });
    this.logger.info({ user_id: actorId, data: { created_user_id: created.id, role: created.role } }, 'user_created');
    this.events.publish('user_account_changed', {
      user_id: created.id,
      role: created.role,
      is_active: created.is_active,
    });
    return toUserResponse(created);
  }

  async list(query: ListUsersQueryDto): Promise<UserListResponseDto> {
    const filter = {
      ...(query.role !== undefined ? { role: query.role } : {}),
      ...(query.is_active !== undefined ? { is_active: query.is_active } : {}),
    };
    const { users, total } = await this.users.list(filter, skipFor(query.page, query.limit), query.limit);
    return {
      users: users.map(toUserResponse),
      total_count: total,
      pagination: buildPagination(total, query.page, query.limit),
    };
  }

  async get(id: string): Promise<UserResponseDto> {
    return toUserResponse(await this.require(id));
  }

  async update(id: string, dto: UpdateUserDto, actorId: string): Promise<UserResponseDto> {
    const before = await this.require(id);
    const changes: UserChanges = {};
    if (dto.role !== undefined && dto.role !== before.role) changes.role = dto.role;
    if (dto.is_active !== undefined && dto.is_active !== before.is_active) changes.is_active = dto.is_active;
    if (dto.email !== undefined && dto.email.toLowerCase() !== before.email) changes.email = dto.email.toLowerCase();
    if (Object.keys(changes).length === 0) return toUserResponse(before);

    const after = await this.users.update(id, changes);
    if (!after) throw AppError.notFound('User');

    // No transactions (a standalone server has none): change first, then count; if that left no active admin, undo.
    // Two admins demoting each other at once both see zero and both undo, so one always remains.
    if (isActiveAdmin(before) && !isActiveAdmin(after) && (await this.users.countActiveByRole('admin')) === 0) {
      const undo: UserChanges = Object.fromEntries(
        Object.keys(changes).map((key) => [key, before[key as keyof UserChanges]]),
      );
      await this.users.update(id, undo);
      throw AppError.conflict('The last active admin cannot be deactivated or demoted');
    }

    // Awaited: an agent who can no longer work their tickets has handed them over (tickets/
    // TicketStaffing) by the time the admin's request answers.
    if (changes.is_active !== undefined || changes.role !== undefined)
      await this.events.publishAndWait('user_account_changed', {
        user_id: id,
        role: after.role,
        is_active: after.is_active,
      });
    if (changes.is_active === false || changes.role !== undefined) {
      const ended = await this.sessions.revokeAllForUser(
        id,
        changes.is_active === false ? 'user_deactivated' : 'role_changed',
        new Date(),
      );
      this.events.publish('user_sessions_revoked', { user_id: id });
      this.logger.info(
        { user_id: actorId, data: { target_user_id: id, sessions_ended: ended } },
        'user_sessions_ended',
      );
    }
    this.logger.info({ user_id: actorId, data: { target_user_id: id, changed: Object.keys(changes) } }, 'user_updated');
    return toUserResponse(after);
  }

  private async require(id: string): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!user) throw AppError.notFound('User');
    return user;
  }
}

import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AppError } from '../common/errors/app-error';
import { DomainEventBus } from '../events/domain-events';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import { toUserResponse, type UserResponseDto } from '../users/dto/user-response.dto';
import { PasswordHasher } from '../users/password-hasher';
import type { UserRecord } from '../users/user.types';
import { UsersRepository } from '../users/users.repository';
import type { ChangePasswordDto, LoginDto, LogoutResponseDto, PasswordChangedDto, TokenPairDto } from './dto/auth.dto';
import { LoginThrottleService } from './login-throttle/login-throttle.service';
import { SessionsRepository } from './sessions/sessions.repository';
import { TokenService, hashRefreshToken } from './token.service';

const INVALID_CREDENTIALS = 'Invalid username or password';
const INVALID_REFRESH = 'The refresh token is invalid, expired or already used; sign in again';

@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger: AppLogger;
  /** Verified against when the username is unknown, so both failures cost the same time. */
  private dummyHash = '';

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsRepository,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleService,
    private readonly events: DomainEventBus,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'auth' });
  }

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hasher.hash(randomBytes(16).toString('hex'));
  }

  async login(dto: LoginDto, clientAddress: string): Promise<TokenPairDto> {
    const username = dto.username.trim().toLowerCase();
    // Refuses over a hard limit, or waits out the username's delay, before any argon2 work.
    const attempt = await this.throttle.admitSignIn(username, clientAddress);

    const user = await this.users.findByUsername(username);
    const passwordMatches = await this.hasher.verify(user?.password_hash ?? this.dummyHash, dto.password);
    if (!user || !passwordMatches || !user.is_active) {
      await this.throttle.recordFailure(attempt);
      this.logger.warn(
        { data: { username, client_address: clientAddress, delayed_ms: attempt.delayedMs } },
        'login_failed',
      );
      throw new AppError('AUTH_INVALID', INVALID_CREDENTIALS);
    }

    await this.throttle.recordSuccess(attempt);
    // After the wait, so the session and last_login carry the moment of sign-in.
    const now = new Date();
    const sessionId = await this.sessions.createSession(user.id, user.role, this.tokens.refreshExpiry(now));
    const [pair] = await Promise.all([
      this.issuePair({ ...user, last_login: now }, sessionId, now),
      this.users.recordLogin(user.id, now),
      this.sessions.purgeExpiredForUser(user.id, now),
    ]);
    this.logger.info(
      { user_id: user.id, data: { session_id: sessionId, delayed_ms: attempt.delayedMs } },
      'login_succeeded',
    );
    // A root token has no parent to race for, so its pair is always issued.
    return pair!;
  }

  /**
   * Rotation: each refresh token works once. Presenting a spent one means it was copied (or the
   * client raced itself): the whole session is revoked, so neither copy keeps working.
   */
  async refresh(refreshToken: string): Promise<TokenPairDto> {
    const now = new Date();
    const presentedHash = hashRefreshToken(refreshToken);
    const presented = await this.sessions.findRefreshToken(presentedHash);
    if (!presented || presented.expiresAt <= now) throw new AppError('AUTH_INVALID', INVALID_REFRESH);
    if (presented.usedAt) return this.rejectReuse(presented.sessionId, presented.userId, now);

    const [user, live] = await Promise.all([
      this.users.findById(presented.userId),
      this.sessions.isSessionLive(presented.sessionId, presented.userId, now),
    ]);
    if (!user || !user.is_active || !live) throw new AppError('AUTH_INVALID', INVALID_REFRESH);

    const pair = await this.issuePair(user, presented.sessionId, now, presentedHash);
    if (!pair) return this.rejectReuse(presented.sessionId, presented.userId, now);
    await Promise.all([
      this.sessions.markRefreshTokenUsed(presentedHash, now),
      this.sessions.extendSession(presented.sessionId, this.tokens.refreshExpiry(now), now),
    ]);
    return pair;
  }

  private async rejectReuse(sessionId: string, userId: string, now: Date): Promise<never> {
    await this.sessions.revokeSession(sessionId, 'refresh_token_reuse', now);
    this.events.publish('session_revoked', { user_id: userId, session_id: sessionId });
    this.logger.warn({ data: { session_id: sessionId } }, 'refresh_token_reused');
    throw new AppError('AUTH_INVALID', INVALID_REFRESH);
  }

  async logout(caller: AuthenticatedUser): Promise<LogoutResponseDto> {
    await this.sessions.revokeSession(caller.sessionId, 'logout', new Date());
    this.events.publish('session_revoked', { user_id: caller.id, session_id: caller.sessionId });
    this.logger.info({ user_id: caller.id, data: { session_id: caller.sessionId } }, 'logout');
    return { message: 'Logout successful' };
  }

  async me(caller: AuthenticatedUser): Promise<UserResponseDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new AppError('AUTH_INVALID', 'The account no longer exists');
    return toUserResponse(user);
  }

  /** Ends every session of the user, this one included: all devices sign in again with the new password. */
  async changePassword(
    caller: AuthenticatedUser,
    dto: ChangePasswordDto,
    clientAddress: string,
  ): Promise<PasswordChangedDto> {
    const now = new Date();
    const user = await this.users.findById(caller.id);
    if (!user) throw new AppError('AUTH_INVALID', 'The account no longer exists');
    // A stolen access token must not become a way to guess the password: a limit per session.
    const attempt = await this.throttle.admitPasswordCheck(caller.sessionId, clientAddress);
    if (!(await this.hasher.verify(user.password_hash, dto.current_password))) {
      await this.throttle.recordFailure(attempt);
      throw AppError.validation('The current password is not correct', {
        fields: [{ field: 'current_password', problems: ['current_password is not correct'] }],
      });
    }
    await this.throttle.recordSuccess(attempt);
    if (dto.new_password === dto.current_password) {
      throw AppError.validation('The new password must differ from the current one', {
        fields: [{ field: 'new_password', problems: ['new_password must differ from current_password'] }],
      });
    }
    await this.users.update(user.id, { password_hash: await this.hasher.hash(dto.new_password) });
    const ended = await this.sessions.revokeAllForUser(user.id, 'password_changed', now);
    this.events.publish('user_sessions_revoked', { user_id: user.id });
    this.logger.info({ user_id: user.id, data: { sessions_ended: ended } }, 'password_changed');
    return { message: 'Password changed; sign in again with the new password' };
  }

  /** A new pair; with `parentHash`, null when that token was already exchanged by someone else. */
  private async issuePair(
    user: UserRecord,
    sessionId: string,
    now: Date,
    parentHash: string | null = null,
  ): Promise<TokenPairDto | null> {
    const refresh = this.tokens.newRefreshToken(now);
    if (!(await this.sessions.addRefreshToken(refresh, parentHash, sessionId, user.id))) return null;
    return {
      access_token: await this.tokens.signAccessToken(user.id, user.role, sessionId),
      token_type: 'bearer',
      expires_in: this.tokens.accessTtlSeconds,
      refresh_token: refresh.token,
      user: toUserResponse(user),
    };
  }
}

import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC_KEY } from '../../common/auth/access.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { AppError } from '../../common/errors/app-error';

/** Global: every route needs a valid access token unless it is marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic === true) return true;
    return super.canActivate(context);
  }

  override handleRequest<TUser = AuthenticatedUser>(err: unknown, user: unknown, info: unknown): TUser {
    if (err) throw err instanceof Error ? err : new AppError('AUTH_INVALID', 'Invalid access token');
    if (!user) throw new AppError('AUTH_INVALID', describeFailure(info));
    return user as TUser;
  }
}

function describeFailure(info: unknown): string {
  const name = info instanceof Error ? info.name : '';
  const message = info instanceof Error ? info.message : '';
  if (name === 'TokenExpiredError') return 'The access token has expired';
  if (/no auth token/i.test(message)) return 'Authentication required: send Authorization: Bearer <access token>';
  return 'Invalid access token';
}

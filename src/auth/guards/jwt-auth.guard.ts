import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import passport from 'passport';
import { IS_PUBLIC_KEY } from '../../common/auth/access.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { AppError } from '../../common/errors/app-error';
import { JwtStrategy } from '../jwt.strategy';

/**
 * Global: every route needs a valid access token unless it is marked @Public().
 *
 * It hands passport this app's strategy object rather than a name in passport's process-wide
 * registry (see JwtStrategy), and a fresh one per request: passport attaches the request's
 * callbacks to the strategy object it is given, so a shared one would mix up concurrent requests.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Sockets are authenticated once, in the handshake (RealtimeGateway), not per event.
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic === true) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<{ user?: AuthenticatedUser }>();
    request.user = await new Promise<AuthenticatedUser>((resolve, reject) => {
      const perRequest = Object.create(this.strategy) as JwtStrategy;
      const authenticate = passport.authenticate(
        perRequest,
        { session: false },
        (err: unknown, user: unknown, info: unknown) => {
          if (err) reject(err instanceof Error ? err : new AppError('AUTH_INVALID', 'Invalid access token'));
          else if (!user) reject(new AppError('AUTH_INVALID', describeFailure(info)));
          else resolve(user as AuthenticatedUser);
        },
      ) as (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
      authenticate(request, http.getResponse(), (err) =>
        reject(err instanceof Error ? err : new AppError('AUTH_INVALID', 'Invalid access token')),
      );
    });
    return true;
  }
}

function describeFailure(info: unknown): string {
  const name = info instanceof Error ? info.name : '';
  const message = info instanceof Error ? info.message : '';
  if (name === 'TokenExpiredError') return 'The access token has expired';
  if (/no auth token/i.test(message)) return 'Authentication required: send Authorization: Bearer <access token>';
  return 'Invalid access token';
}

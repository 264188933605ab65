import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import passport from 'passport';
import { IS_PUBLIC_KEY } from '../../common/auth/access.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { accessTokenRefusal } from '../access-token.verifier';
import { failureFromPassport, JWT_STRATEGY, JwtStrategy } from '../jwt.strategy';

/** What passport's `authenticate(name, options, callback)` returns: a connect-style middleware. */
type PassportMiddleware = (request: unknown, response: unknown, next: (error?: unknown) => void) => void;

const WHERE_TO_SEND_TOKEN = 'send Authorization: Bearer <access token>';

/**
 * Global: every route needs a valid access token unless it is marked @Public().
 *
 * It runs the JWT strategy through passport by name, as @nestjs/passport's AuthGuard does, but in a
 * passport of this app's own rather than the process-wide one AuthGuard is bound to (see
 * JwtStrategy.getPassportInstance). Passport gives each request its own copy of the strategy.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly passport = new passport.Authenticator();

  constructor(
    private readonly reflector: Reflector,
    strategy: JwtStrategy,
  ) {
    this.passport.use(JWT_STRATEGY, strategy);
  }

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
    request.user = await this.authenticate(request, http.getResponse());
    return true;
  }

  private authenticate(request: unknown, response: unknown): Promise<AuthenticatedUser> {
    return new Promise((resolve, reject) => {
      const refuse = (info: unknown) => reject(accessTokenRefusal(failureFromPassport(info), WHERE_TO_SEND_TOKEN));
      // An Error is the session read failing, not a bad token: the filter answers it as the server's.
      const fail = (error: unknown) => (error instanceof Error ? reject(error) : refuse(undefined));
      const authenticate = this.passport.authenticate(
        JWT_STRATEGY,
        { session: false },
        (error: unknown, user: AuthenticatedUser | false, info: unknown) => {
          if (error) fail(error);
          else if (user) resolve(user);
          else refuse(info);
        },
      ) as PassportMiddleware;
      // Passport calls `next` only when no strategy decided, which for this one means refused.
      authenticate(request, response, fail);
    });
  }
}

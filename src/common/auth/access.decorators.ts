import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { UserRole } from '../../users/user-role';
import type { AuthenticatedUser } from './authenticated-user';

export const IS_PUBLIC_KEY = 'access:public';
export const ROLES_KEY = 'access:roles';

/**
 * Access is declared once per handler or controller, and the Swagger security entry comes from
 * the same decorator, so the docs cannot disagree with the guard. Without any of these a route
 * still requires a valid token (the JWT guard is global).
 */

/** No token needed: the explicit opt-out of the global JWT guard. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/** Any signed-in role. */
export const Authenticated = () =>
  applyDecorators(
    SetMetadata(IS_PUBLIC_KEY, false),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'AUTH_INVALID: missing, invalid, expired or revoked token' }),
  );

/** Only these roles; others answer 403 AUTHZ_FORBIDDEN. */
export const Roles = (...roles: UserRole[]) =>
  applyDecorators(
    Authenticated(),
    SetMetadata(ROLES_KEY, roles),
    ApiForbiddenResponse({ description: `AUTHZ_FORBIDDEN: only ${roles.join(', ')}` }),
  );

/** The signed-in caller (see AuthenticatedUser). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  const request = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>();
  if (!request.user) throw new Error('CurrentUser used on a route without authentication');
  return request.user;
});

import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedUser } from './authenticated-user';
import type { UserRole } from '../../domain/user-role';

export const IS_PUBLIC_KEY = 'access:public';
export const ROLES_KEY = 'access:roles';

/**
 * Access is declared once per handler or controller. The guards read this metadata, and so does
 * the OpenAPI document (common/http/openapi/route-contracts.ts, with the guards' own precedence:
 * the handler's declaration over the controller's), which derives each operation's security
 * requirement and its 401 and 403 answers from it: the docs cannot disagree with the guard.
 * Without any of these a route still requires a valid token (the JWT guard is global).
 */

/** No token needed: the explicit opt-out of the global JWT guard. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/** Any signed-in role. */
export const Authenticated = () => SetMetadata(IS_PUBLIC_KEY, false);

/** Only these roles; others answer 403 AUTHZ_FORBIDDEN. */
export const Roles = (...roles: UserRole[]) => applyDecorators(Authenticated(), SetMetadata(ROLES_KEY, roles));

/** The signed-in caller (see AuthenticatedUser). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  const request = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>();
  if (!request.user) throw new Error('CurrentUser used on a route without authentication');
  return request.user;
});

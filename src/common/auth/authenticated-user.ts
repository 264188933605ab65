import type { UserRole } from '../../domain/user-role';

/** The caller, as the JWT guard leaves it on the request once the token and its session check out. */
export interface AuthenticatedUser {
  id: string;
  role: UserRole;
  /** The session (refresh family) the access token belongs to. */
  sessionId: string;
  jti: string;
}

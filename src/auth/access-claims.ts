import { isObjectIdString } from '../common/http/object-id.pipe';
import { USER_ROLES, type UserRole } from '../domain/user-role';

/** What an access token must carry. `sid` names the session whose revocation ends the token. */
export interface AccessClaims {
  sub: string;
  role: UserRole;
  jti: string;
  sid: string;
  iat: number;
  exp: number;
}

/**
 * Accepts a verified payload only if every claim is present and well-formed. The signature
 * library does not require `exp`, so a token minted without one is refused here.
 */
export function parseAccessClaims(payload: unknown): AccessClaims | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const claims = payload as Record<string, unknown>;
  const { sub, role, jti, sid, iat, exp } = claims;
  if (!isObjectIdString(sub) || !isObjectIdString(sid)) return null;
  if (typeof role !== 'string' || !(USER_ROLES as readonly string[]).includes(role)) return null;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 64) return null;
  if (!Number.isInteger(iat) || !Number.isInteger(exp) || (exp as number) <= (iat as number)) return null;
  return { sub, role: role as UserRole, jti, sid, iat: iat as number, exp: exp as number };
}

import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AppError } from '../common/errors/app-error';
import { parseAccessClaims } from './access-claims';
import { SessionsRepository } from './sessions/sessions.repository';

/** The checks after the signature: well-formed claims and a live session. Shared by HTTP and sockets. */
@Injectable()
export class AccessTokenVerifier {
  constructor(private readonly sessions: SessionsRepository) {}

  async authenticate(payload: unknown, now = new Date()): Promise<AuthenticatedUser> {
    const claims = parseAccessClaims(payload);
    if (!claims) throw new AppError('AUTH_INVALID', 'Invalid access token');
    if (!(await this.sessions.isSessionLive(claims.sid, claims.sub, now))) {
      throw new AppError('AUTH_INVALID', 'The session has ended; sign in again');
    }
    return { id: claims.sub, role: claims.role, sessionId: claims.sid, jti: claims.jti };
  }
}

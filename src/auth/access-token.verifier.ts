import { Injectable } from '@nestjs/common';
import { JwtService, type JwtVerifyOptions } from '@nestjs/jwt';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AppError } from '../common/errors/app-error';
import { parseAccessClaims } from './access-claims';
import { SessionsRepository } from './sessions/sessions.repository';
import { JWT_ALGORITHM } from './token.service';

/**
 * How a signature is checked, for every caller of jsonwebtoken: HS256 only (so `alg: none` or an
 * algorithm swap never verifies) and expiry enforced. (A token without `exp` passes this step and
 * is refused by the claims check.)
 */
export const ACCESS_TOKEN_SIGNATURE_OPTIONS: Required<Pick<JwtVerifyOptions, 'algorithms' | 'ignoreExpiration'>> = {
  algorithms: [JWT_ALGORITHM],
  ignoreExpiration: false,
};

/** Why a bearer token was refused. Every one is AUTH_INVALID; the message tells them apart. */
export type AccessTokenFailure = 'missing' | 'invalid' | 'expired' | 'session_ended';

export type AccessTokenVerdict =
  | { readonly ok: true; readonly user: AuthenticatedUser; /** epoch seconds */ readonly expiresAt: number }
  | { readonly ok: false; readonly failure: AccessTokenFailure };

const refused = (failure: AccessTokenFailure): AccessTokenVerdict => ({ ok: false, failure });

/**
 * The one verification of an access token, for HTTP and sockets alike: signature and expiry,
 * claims, and a live session (one primary-key read, so a revoked session ends its tokens at once).
 * Refusals come back as values; only a failure of the session read itself is thrown, so that it
 * is answered as the server's fault rather than as a bad token.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionsRepository,
  ) {}

  /** The whole check, for a transport that has extracted the token itself (the socket handshake). */
  async verify(token: string | undefined, now = new Date()): Promise<AccessTokenVerdict> {
    if (!token) return refused('missing');
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync<object>(token, ACCESS_TOKEN_SIGNATURE_OPTIONS);
    } catch (error) {
      return refused(signatureFailure(error));
    }
    return this.admit(payload, now);
  }

  /**
   * The checks after the signature: well-formed claims and a live session. The HTTP strategy
   * calls this directly, passport-jwt having checked the signature with the same options.
   */
  async admit(payload: unknown, now = new Date()): Promise<AccessTokenVerdict> {
    const claims = parseAccessClaims(payload);
    if (!claims) return refused('invalid');
    if (!(await this.sessions.isSessionLive(claims.sid, claims.sub, now))) return refused('session_ended');
    return {
      ok: true,
      user: { id: claims.sub, role: claims.role, sessionId: claims.sid, jti: claims.jti },
      expiresAt: claims.exp,
    };
  }
}

/**
 * What a jsonwebtoken verification error means to the client. Matched by name rather than
 * `instanceof`: @nestjs/jwt and passport-jwt each require jsonwebtoken, possibly different copies.
 */
export function signatureFailure(error: unknown): 'expired' | 'invalid' {
  return error instanceof Error && error.name === 'TokenExpiredError' ? 'expired' : 'invalid';
}

/**
 * The refusal as the SPEC §9 error both transports send (HTTP: 401; sockets: the connect_error's
 * data). Only the hint for a missing token is the transport's own, since where to put it differs.
 */
export function accessTokenRefusal(failure: AccessTokenFailure, whereToSendToken: string): AppError {
  switch (failure) {
    case 'missing':
      return new AppError('AUTH_INVALID', `Authentication required: ${whereToSendToken}`);
    case 'expired':
      return new AppError('AUTH_INVALID', 'The access token has expired');
    case 'session_ended':
      return new AppError('AUTH_INVALID', 'The session has ended; sign in again');
    case 'invalid':
      return new AppError('AUTH_INVALID', 'Invalid access token');
  }
}

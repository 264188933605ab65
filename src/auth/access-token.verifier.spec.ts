import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import passport from 'passport';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { loadConfig } from '../config/app-config';
import {
  accessTokenRefusal,
  AccessTokenVerifier,
  signatureFailure,
  type AccessTokenFailure,
} from './access-token.verifier';
import { failureFromPassport, JWT_STRATEGY, JwtStrategy } from './jwt.strategy';
import type { SessionsRepository } from './sessions/sessions.repository';
import { JWT_ALGORITHM } from './token.service';

const SECRET = 'unit-test-secret-that-is-long-enough-0123456789';
const USER_ID = '0123456789abcdef01234567';
const LIVE_SESSION = '89abcdef0123456789abcdef';
const ENDED_SESSION = 'fedcba9876543210fedcba98';

const b64url = (value: string) => Buffer.from(value).toString('base64url');

/** A token built by hand, for the headers and payloads a signing library would refuse to produce. */
function forge(header: Record<string, unknown>, payload: Record<string, unknown>, secret?: string): string {
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  if (secret === undefined) return `${signingInput}.`;
  const hash = header['alg'] === 'HS512' ? 'sha512' : 'sha256';
  return `${signingInput}.${createHmac(hash, secret).update(signingInput).digest('base64url')}`;
}

describe('access-token verification, over HTTP (passport-jwt) and in the socket handshake', () => {
  // The session read is the only part that needs the database; here it is a set of live ids.
  // The e2e specs (auth, chat) cover the real one: logout, deactivation, reuse.
  const liveSessions = new Set([LIVE_SESSION]);
  const sessions = {
    isSessionLive: (sessionId: string, userId: string) =>
      Promise.resolve(userId === USER_ID && liveSessions.has(sessionId)),
  } satisfies Pick<SessionsRepository, 'isSessionLive'> as unknown as SessionsRepository;
  const jwt = new JwtService({
    secret: SECRET,
    signOptions: { algorithm: JWT_ALGORITHM },
    verifyOptions: { algorithms: [JWT_ALGORITHM] },
  });
  const verifier = new AccessTokenVerifier(jwt, sessions);
  const strategy = new JwtStrategy(loadConfig({ JWT_SECRET: SECRET }), verifier);
  const authenticator = new passport.Authenticator().use(JWT_STRATEGY, strategy);

  /** What passport, run by name as the HTTP guard runs it, concludes for this Authorization header. */
  function overHttp(
    authorization: string | undefined,
  ): Promise<{ user: AuthenticatedUser } | { failure: AccessTokenFailure } | 'error'> {
    return new Promise((resolve) => {
      const middleware = authenticator.authenticate(
        JWT_STRATEGY,
        { session: false },
        (error: unknown, user: AuthenticatedUser | false, info: unknown) => {
          if (error) resolve('error');
          else if (user) resolve({ user });
          else resolve({ failure: failureFromPassport(info) });
        },
      ) as (request: unknown, response: unknown, next: () => void) => void;
      middleware({ headers: authorization === undefined ? {} : { authorization } }, {}, () => resolve('error'));
    });
  }

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (overrides: Record<string, unknown> = {}) => ({
    sub: USER_ID,
    role: 'user',
    jti: 'a-jti',
    sid: LIVE_SESSION,
    iat: now(),
    exp: now() + 900,
    ...overrides,
  });
  const signed = (payload: Record<string, unknown>) => forge({ alg: 'HS256', typ: 'JWT' }, payload, SECRET);

  const refusals: Array<[string, string, AccessTokenFailure]> = [
    ['alg: none', forge({ alg: 'none', typ: 'JWT' }, claims()), 'invalid'],
    ['a wrong signature', forge({ alg: 'HS256' }, claims(), 'another-secret-of-sufficient-length-000'), 'invalid'],
    ['another algorithm with the right secret', forge({ alg: 'HS512' }, claims(), SECRET), 'invalid'],
    ['not a JWT', 'not-a-jwt', 'invalid'],
    ['an expired token', signed(claims({ iat: now() - 1000, exp: now() - 100 })), 'expired'],
    ['a token without exp', signed({ ...claims(), exp: undefined }), 'invalid'],
    ['a role that does not exist', signed(claims({ role: 'root' })), 'invalid'],
    ['a subject that is not an id', signed(claims({ sub: 'alice' })), 'invalid'],
    ['an ended session', signed(claims({ sid: ENDED_SESSION })), 'session_ended'],
    ["another user's session", signed(claims({ sub: 'ffffffffffffffffffffffff' })), 'session_ended'],
  ];

  it.each(refusals)('refuses %s the same way on both transports', async (_what, token, failure) => {
    expect(await verifier.verify(token)).toEqual({ ok: false, failure });
    expect(await overHttp(`Bearer ${token}`)).toEqual({ failure });
  });

  it('reports a missing token as missing on both transports', async () => {
    expect(await verifier.verify(undefined)).toEqual({ ok: false, failure: 'missing' });
    expect(await verifier.verify('')).toEqual({ ok: false, failure: 'missing' });
    expect(await overHttp(undefined)).toEqual({ failure: 'missing' });
    expect(await overHttp('Basic dXNlcjpwYXNz')).toEqual({ failure: 'missing' });
  });

  it('admits a well-formed token of a live session as its user, with its expiry', async () => {
    const payload = claims({ role: 'it_agent' });
    const token = await jwt.signAsync(
      { role: payload.role, sid: payload.sid },
      { subject: USER_ID, jwtid: payload.jti, expiresIn: 900 },
    );
    const user: AuthenticatedUser = { id: USER_ID, role: 'it_agent', sessionId: LIVE_SESSION, jti: payload.jti };
    const verdict = await verifier.verify(token);
    expect(verdict).toEqual({ ok: true, user, expiresAt: expect.any(Number) as number });
    expect(verdict.ok && verdict.expiresAt - now()).toBeGreaterThan(890);
    expect(await overHttp(`bearer ${token}`)).toEqual({ user });
  });

  it('lets a failing session read through as an error, not as a refusal', async () => {
    const failing = {
      isSessionLive: () => Promise.reject(new Error('database unreachable')),
    } satisfies Pick<SessionsRepository, 'isSessionLive'> as unknown as SessionsRepository;
    await expect(new AccessTokenVerifier(jwt, failing).verify(signed(claims()))).rejects.toThrow(
      'database unreachable',
    );
  });
});

describe('signatureFailure', () => {
  it('tells an expired token from every other verification error', () => {
    const expired = Object.assign(new Error('jwt expired'), { name: 'TokenExpiredError' });
    const malformed = Object.assign(new Error('jwt malformed'), { name: 'JsonWebTokenError' });
    expect(signatureFailure(expired)).toBe('expired');
    expect(signatureFailure(malformed)).toBe('invalid');
    expect(signatureFailure('not an error')).toBe('invalid');
  });
});

describe('accessTokenRefusal', () => {
  it('is AUTH_INVALID with a message per failure; only the missing hint is the transport’s', () => {
    const render = (failure: AccessTokenFailure) => {
      const error = accessTokenRefusal(failure, 'connect with auth.token');
      return [error.code, error.message];
    };
    expect(render('missing')).toEqual(['AUTH_INVALID', 'Authentication required: connect with auth.token']);
    expect(render('expired')).toEqual(['AUTH_INVALID', 'The access token has expired']);
    expect(render('session_ended')).toEqual(['AUTH_INVALID', 'The session has ended; sign in again']);
    expect(render('invalid')).toEqual(['AUTH_INVALID', 'Invalid access token']);
  });
});

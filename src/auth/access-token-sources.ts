import type { IncomingHttpHeaders } from 'node:http';
import { ExtractJwt } from 'passport-jwt';

/**
 * Where a client may put its access token. One rule per place, shared by the transports that
 * have that place: the `Authorization` header means the same to the HTTP guard and to the
 * Socket.IO handshake.
 */

/** Anything that carries request headers: a Fastify request, a Socket.IO handshake. */
export interface HeaderCarrier {
  readonly headers: IncomingHttpHeaders;
}

/** The parts of a Socket.IO handshake a token can arrive in (socket.io's `Handshake` fits). */
export interface HandshakeCredentials extends HeaderCarrier {
  /** What the client passed as `io(url, { auth })`. */
  readonly auth: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, string | string[] | undefined>>;
}

// passport-jwt's own reading, so that the guard's strategy and the handshake cannot drift apart.
const fromBearerAuthorization = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * `Authorization: Bearer <token>`, as passport-jwt reads it: the header's first two
 * whitespace-separated words, the first of them `Bearer` in any case (auth schemes are
 * case-insensitive, RFC 9110 §11.1); anything after the token is ignored.
 */
export function accessTokenFromAuthorizationHeader(carrier: HeaderCarrier): string | undefined {
  return fromBearerAuthorization(carrier) ?? undefined;
}

const BEARER_PREFIX = /^Bearer\s+/i;

/**
 * The handshake's token. The first place the client used decides, even if it holds an empty
 * value, so a client that meant one place is never authenticated by another:
 *   1. `auth.token` (what the README tells clients to send), with or without a `Bearer ` prefix;
 *   2. the `token` query parameter, for clients that cannot set `auth` (given once);
 *   3. the `Authorization` header, by the same rule as HTTP.
 */
export function accessTokenFromHandshake(handshake: HandshakeCredentials): string | undefined {
  const fromAuth = handshake.auth['token'];
  if (typeof fromAuth === 'string') return fromAuth.replace(BEARER_PREFIX, '') || undefined;
  const fromQuery = handshake.query['token'];
  if (typeof fromQuery === 'string') return fromQuery || undefined;
  return accessTokenFromAuthorizationHeader(handshake);
}

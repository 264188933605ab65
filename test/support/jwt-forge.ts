import { createHmac } from 'node:crypto';

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** Builds JWTs by hand, so specs can present exactly the malformed or hostile tokens an attacker would. */
export function forgeJwt(header: Record<string, unknown>, payload: Record<string, unknown>, secret?: string): string {
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  if (secret === undefined) return `${signingInput}.`;
  const algorithm = header['alg'] === 'HS512' ? 'sha512' : 'sha256';
  return `${signingInput}.${createHmac(algorithm, secret).update(signingInput).digest('base64url')}`;
}

export function decodeJwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

import type { FastifyRequest } from 'fastify';

/** The signed-in caller's id once the auth guard has run, for logs and error envelopes. */
export function requestUserId(request: FastifyRequest): string | null {
  const user = (request as FastifyRequest & { user?: { id?: unknown } }).user;
  return typeof user?.id === 'string' ? user.id : null;
}

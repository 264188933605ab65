import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';

/** A wildcard segment matches anything, so any route with fewer of them names the path better. */
const WILDCARD_WEIGHT = 1_000;

/**
 * Answers a request for a method its path does not declare with 405 METHOD_NOT_ALLOWED and an
 * `Allow` header listing the methods it does (RFC 9110 §15.5.6), where Fastify would answer 404
 * (or 400, for QUERY without a Content-Type). The router is the one record of what exists.
 *
 * The path's methods are those of the most specific routes that match it, across methods:
 * `PUT /admin/documents/search` matches `PUT /admin/documents/:document_id`, but the path is
 * the search, which only takes GET (the OpenAPI document lists them as two paths), so it is 405
 * rather than a 400 about a malformed document id. Within one method find-my-way already
 * prefers static segments to parameters; this applies the same rule across methods. A path no
 * method has stays 404. It runs in `onRequest`, before body parsing and authentication, as
 * routing does.
 */
export function answerUndeclaredMethods(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => done(undeclaredMethodError(fastify, request)));
}

function undeclaredMethodError(fastify: FastifyInstance, request: FastifyRequest): AppError | undefined {
  // A preflight, answered by @fastify/cors on every path; and a static route is as specific
  // as a route can be, so nothing can outrank it.
  if (request.method === 'OPTIONS' || (!request.is404 && !isParametric(request))) return undefined;
  const path = request.url.split('?')[0] ?? request.url;
  const specificity = new Map<string, number>();
  for (const method of fastify.supportedMethods) {
    if (method === 'OPTIONS') continue;
    const score = matchScore(fastify, method, path);
    if (score !== undefined) specificity.set(method, score);
  }
  if (specificity.size === 0) return undefined;
  const best = Math.min(...specificity.values());
  if (specificity.get(request.method) === best) return undefined;
  const allowed = [...specificity].filter(([, score]) => score === best).map(([method]) => method);
  const allow = allowed.join(', ');
  return new AppError(
    'METHOD_NOT_ALLOWED',
    `${request.method} is not allowed here; this path takes ${allow}`,
    { allowed_methods: allowed },
    { Allow: allow },
  );
}

function isParametric(request: FastifyRequest): boolean {
  const pattern = request.routeOptions.url ?? '';
  return pattern.includes(':') || pattern.includes('*');
}

/**
 * How loosely a route of this method matches the path (the parameters it needed; 0 is a static
 * route), or undefined when none does. A parameter must not be empty (`/tickets/` is not
 * `/tickets/:id`), the rule Nest's Fastify adapter applies when it routes.
 */
function matchScore(fastify: FastifyInstance, method: string, path: string): number | undefined {
  const found = fastify.findRoute({ method, url: path });
  if (!found) return undefined;
  let score = 0;
  for (const [name, value] of Object.entries((found.params ?? {}) as Record<string, string | undefined>)) {
    if (name === '*') score += WILDCARD_WEIGHT;
    else if (value === undefined || value === '') return undefined;
    else score += 1;
  }
  return score;
}

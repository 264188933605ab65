import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER } from './request-id';
import { requestUserId } from './request-user';

/**
 * Per request: echo the request id, then one log line and one metrics sample when the reply is
 * sent. Routes are labelled by pattern (`/tickets/:id`), unknown ones as `unmatched`, so neither
 * logs nor metrics grow with the ids in URLs.
 */
/** Where each request's sample goes (the metrics module's registry, given by the app factory). */
export interface HttpRequestMetrics {
  observeHttp(method: string, route: string, status: number, durationMs: number): void;
}

export function registerRequestObservability(
  fastify: FastifyInstance,
  root: Logger,
  metrics: HttpRequestMetrics,
): void {
  const logger = root.child({ module: 'http' });

  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });

  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const durationMs = Math.round(reply.elapsedTime * 100) / 100;
    metrics.observeHttp(request.method, route, reply.statusCode, durationMs);
    const level = reply.statusCode >= 500 ? 'error' : reply.statusCode >= 400 ? 'warn' : 'info';
    logger[level](
      {
        request_id: request.id,
        user_id: requestUserId(request),
        data: { method: request.method, route, status_code: reply.statusCode },
        duration_ms: durationMs,
      },
      'request_completed',
    );
  });
}

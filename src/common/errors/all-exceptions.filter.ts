import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ROOT_LOGGER, type AppLogger } from '../logging/logging.module';
import { requestUserId } from '../http/request-user';
import { buildErrorEnvelope } from './error-envelope';
import { toAppError } from './to-app-error';

/** Renders every HTTP error, thrown anywhere (Fastify, guards, pipes, services), as the SPEC §9 envelope. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger: AppLogger;

  constructor(@Inject(ROOT_LOGGER) root: AppLogger) {
    this.logger = root.child({ module: 'errors' });
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();

    const { error, unexpected } = toAppError(exception);
    const userId = requestUserId(request);
    const endpoint = request.url.split('?')[0] ?? request.url;
    if (unexpected) {
      this.logger.error(
        { request_id: request.id, user_id: userId, err: exception, data: { method: request.method, endpoint } },
        'unhandled_error',
      );
    } else if (error.status >= 500) {
      this.logger.warn(
        { request_id: request.id, user_id: userId, data: { code: error.code, endpoint } },
        'request_failed',
      );
    }

    const envelope = buildErrorEnvelope(error.code, error.message, error.details, {
      requestId: request.id,
      userId,
      endpoint,
      method: request.method,
    });
    void reply.status(error.status).headers(error.headers).send(envelope);
  }
}

import {
  applyDecorators,
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Observable } from 'rxjs';
import { AppError } from '../errors/app-error';
import { parseMediaType } from './media-type';

/** The request bodies the API takes: JSON everywhere, multipart/form-data on uploads. */
export type RequestMediaType = 'application/json' | 'multipart/form-data';

const REQUEST_MEDIA_TYPE = 'request_media_type';

/** RFC 2046 §5.1.1: a boundary has 1 to 70 characters. */
const MAX_BOUNDARY_LENGTH = 70;

/** Methods whose body Fastify never reads, so there is nothing to judge. */
const BODYLESS_METHODS = new Set(['GET', 'HEAD']);

/**
 * The operation takes multipart/form-data and nothing else, and the OpenAPI document says so
 * (the one place both come from, like `@Roles` for access). Every other operation takes JSON.
 */
export const MultipartRequest = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(REQUEST_MEDIA_TYPE, 'multipart/form-data' satisfies RequestMediaType),
    ApiConsumes('multipart/form-data'),
  );

/**
 * Refuses a request whose body is not of the type its operation takes: 415 for another type
 * (a form sent to a JSON operation was parsed into nothing, and the operation answered 200 with
 * nothing changed), 400 for multipart without a usable boundary (which the multipart parser
 * would throw on). A JSON operation without a body passes: whether it needs one is the
 * validation pipe's call, from the DTO.
 */
export function assertRequestMediaType(accepted: RequestMediaType, method: string, headers: IncomingHttpHeaders): void {
  const header = headers['content-type'];
  const mediaType = header === undefined ? undefined : parseMediaType(header);

  if (accepted === 'multipart/form-data') {
    if (mediaType?.essence !== 'multipart/form-data') {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'This operation takes multipart/form-data: send the file as a form');
    }
    const boundary = mediaType.parameters.get('boundary');
    if (boundary === undefined || boundary.length === 0 || boundary.length > MAX_BOUNDARY_LENGTH) {
      throw AppError.validation(
        `Content-Type multipart/form-data needs a boundary parameter of 1 to ${MAX_BOUNDARY_LENGTH} characters`,
        { fields: [{ field: 'Content-Type', problems: ['boundary is missing or too long'] }] },
      );
    }
    return;
  }

  if (BODYLESS_METHODS.has(method) || !carriesBody(headers)) return;
  if (mediaType?.essence !== 'application/json') {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'This operation takes a JSON body: send Content-Type: application/json',
    );
  }
}

/** As Fastify decides whether there is a body to parse. */
function carriesBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Applies `assertRequestMediaType` to every HTTP operation. An interceptor, so it runs after the
 * guards: a caller without a token learns 401 before anything about the body, as the OpenAPI
 * document's locks promise, and before the validation pipe judges a body that was never parsed.
 */
@Injectable()
export class RequestMediaTypeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const accepted =
        this.reflector.getAllAndOverride<RequestMediaType | undefined>(REQUEST_MEDIA_TYPE, [
          context.getHandler(),
          context.getClass(),
        ]) ?? 'application/json';
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      assertRequestMediaType(accepted, request.method, request.headers);
    }
    return next.handle();
  }
}

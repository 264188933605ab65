import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorCodes } from 'fastify';
import { AppError } from '../errors/app-error';

export interface BodyParserLimits {
  /** The largest file an upload may carry (bodies of other types are held to Fastify's bodyLimit). */
  uploadLimitBytes: number;
}

/**
 * Every request body parser of the app, registered once (the app is created with Nest's own
 * parsers turned off): JSON; multipart, which @fastify/multipart only marks here and the upload
 * operation reads as a stream; and a catch-all that reads any other body (within bodyLimit)
 * and drops it. Which of these an operation takes is decided by `RequestMediaTypeInterceptor`
 * (request-media-type.ts), once the caller is authenticated; the catch-all is what lets it
 * answer 415 naming the type the operation takes, instead of Fastify answering "send
 * application/json" to an upload. Nest's url-encoded parser and Fastify's text/plain parser are
 * gone: no operation takes those bodies, and parsed, they reached the handlers (a form could
 * edit a ticket).
 */
export async function registerBodyParsers(app: NestFastifyApplication, limits: BodyParserLimits): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body: string, done) => {
    if (body.length === 0) {
      done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined);
      return;
    }
    try {
      done(null, parseJsonBody(body));
    } catch (error) {
      // The JSON parser's own text (a position, a token) is not shown; a refused key is.
      done(error instanceof AppError ? error : new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
    }
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));
  await app.register(multipart, {
    limits: { fileSize: limits.uploadLimitBytes, files: 1, fields: 10, fieldSize: 4096 },
  });
}

/**
 * JSON.parse, refusing the keys Fastify's parser (secure-json-parse) refuses: `__proto__`
 * anywhere, and `constructor` holding `prototype`. Copied onto another object by a merge or a
 * spread, they would change its prototype. They are refused with their name, where Fastify's
 * parser answers "not valid JSON" for a body that is valid JSON.
 */
export function parseJsonBody(text: string): unknown {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return JSON.parse(withoutBom, (key, value: unknown) => {
    if (key === '__proto__') {
      throw AppError.validation('Request body has a key named "__proto__", which is not allowed', {
        fields: [{ field: '__proto__', problems: ['a key named __proto__ is not allowed'] }],
      });
    }
    if (key === 'constructor' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype')) {
      throw AppError.validation(
        'Request body has a key named "constructor" holding "prototype", which is not allowed',
        {
          fields: [{ field: 'constructor', problems: ['a constructor holding prototype is not allowed'] }],
        },
      );
    }
    return value;
  });
}

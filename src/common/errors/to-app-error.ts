import { HttpException } from '@nestjs/common';
import { AppError } from './app-error';
import { isDuplicateKeyError } from '../../database/duplicate-key';
import type { ErrorCode } from './error-codes';

export interface ClassifiedError {
  error: AppError;
  /** True when nothing explains the failure: it is logged with its stack and answered as INTERNAL_ERROR. */
  unexpected: boolean;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_ERROR',
  401: 'AUTH_INVALID',
  403: 'AUTHZ_FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMIT_EXCEEDED',
  503: 'DB_ERROR',
};

/** Fastify's own request errors (body parsing, limits) with the message we show instead of theirs. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is larger than the allowed limit',
  // Every well-formed type reaches a parser (body-parsers.ts has a catch-all), so this is a
  // Content-Type header that is not a media type at all.
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The Content-Type header is not a valid media type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Request body is empty but Content-Type is application/json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Request body is not valid JSON',
  FST_ERR_CTP_INSTANCE_ALREADY_STARTED: 'Request could not be parsed',
  FST_REQ_FILE_TOO_LARGE: 'The uploaded file is larger than the allowed limit',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'Send the file as multipart/form-data',
  FST_FILES_LIMIT: 'Upload one file at a time',
  FST_PARTS_LIMIT: 'Too many form fields',
  FST_FIELDS_LIMIT: 'Too many form fields',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is longer than any valid id',
  FST_PROTO_VIOLATION: 'A form field may not be named after an Object property (__proto__, constructor, toString…)',
  FST_INVALID_JSON_FIELD_ERROR: 'A form field declared as application/json is not valid JSON',
  FST_MP_PREMATURE_CLOSE: 'The request ended before the multipart body was complete',
};

/**
 * Fastify errors whose own status says "too large" (413, 414) about a request that is simply
 * malformed for the operation: a form with more files or fields than the upload takes, or a path
 * parameter longer than any id. They answer 400 like any other malformed field; 413 stays for a
 * body or file over its size limit.
 */
const MALFORMED_REQUEST_CODES: ReadonlySet<string> = new Set([
  'FST_FILES_LIMIT',
  'FST_PARTS_LIMIT',
  'FST_FIELDS_LIMIT',
  'FST_ERR_MAX_PARAM_LENGTH',
]);

/** Driver and Mongoose errors that mean "the database cannot be reached right now". */
const DATABASE_UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoExpiredSessionError',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Maps anything thrown into the API's error vocabulary without leaking its text. */
export function toAppError(exception: unknown): ClassifiedError {
  if (exception instanceof AppError) return { error: exception, unexpected: false };

  if (exception instanceof HttpException) {
    // Nest wraps Fastify's request errors (body parsing, limits) and keeps the original as the cause.
    const fromFastify = fromFastifyError(exception.cause);
    if (fromFastify) return fromFastify;
    const status = exception.getStatus();
    const code = CODE_BY_STATUS[status];
    if (!code) return internal();
    const response = exception.getResponse();
    const message =
      status === 404
        ? 'The requested resource was not found'
        : typeof response === 'string'
          ? response
          : exception.message;
    return { error: new AppError(code, message), unexpected: false };
  }

  const fromFastify = fromFastifyError(exception);
  if (fromFastify) return fromFastify;
  if (!isRecord(exception)) return internal();
  const name = typeof exception['name'] === 'string' ? exception['name'] : '';

  if (
    DATABASE_UNAVAILABLE.has(name) ||
    (name === 'MongooseError' && /buffering timed out|not connected/i.test(String(exception['message'])))
  ) {
    return { error: new AppError('DB_ERROR', 'The database is unavailable; try again shortly'), unexpected: false };
  }
  if (isDuplicateKeyError(exception)) {
    return { error: AppError.conflict('A record with the same unique value already exists'), unexpected: false };
  }
  // A schema rule the DTO did not catch: still the client's input, never a 500.
  if (name === 'CastError' || name === 'BSONError' || name === 'ValidationError') {
    return { error: AppError.validation('A value has the wrong format'), unexpected: false };
  }
  return internal();
}

/** Fastify's own 4xx errors (FST_* codes, or a body parser's SyntaxError), in our words. */
function fromFastifyError(candidate: unknown): ClassifiedError | undefined {
  if (!isRecord(candidate)) return undefined;
  const fastifyCode = typeof candidate['code'] === 'string' ? candidate['code'] : '';
  const statusCode = typeof candidate['statusCode'] === 'number' ? candidate['statusCode'] : undefined;
  if (statusCode === undefined || statusCode < 400 || statusCode >= 500) return undefined;
  if (fastifyCode.startsWith('FST_')) {
    // @fastify/multipart answers a non-multipart request with 406; to clients it is a wrong content type.
    if (fastifyCode === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      return { error: new AppError('UNSUPPORTED_MEDIA_TYPE', FASTIFY_MESSAGES[fastifyCode]!), unexpected: false };
    }
    const code = MALFORMED_REQUEST_CODES.has(fastifyCode)
      ? 'VALIDATION_ERROR'
      : (CODE_BY_STATUS[statusCode] ?? 'VALIDATION_ERROR');
    const message = FASTIFY_MESSAGES[fastifyCode] ?? 'The request could not be processed';
    return { error: new AppError(code, message), unexpected: false };
  }
  if (candidate instanceof SyntaxError) {
    return {
      error: new AppError('VALIDATION_ERROR', FASTIFY_MESSAGES['FST_ERR_CTP_INVALID_JSON_BODY']!),
      unexpected: false,
    };
  }
  return undefined;
}

function internal(): ClassifiedError {
  return { error: new AppError('INTERNAL_ERROR', 'An unexpected error occurred'), unexpected: true };
}

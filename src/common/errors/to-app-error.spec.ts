import { BadRequestException, ForbiddenException, HttpException, NotFoundException } from '@nestjs/common';
import { AppError } from './app-error';
import { toAppError } from './to-app-error';

function named(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name}: connect ECONNREFUSED 10.0.0.5:27017 (secret host)`), { name, ...extra });
}

describe('toAppError', () => {
  it('keeps an AppError as it is', () => {
    const error = AppError.rateLimited('Slow down', 12.2);
    expect(toAppError(error)).toEqual({ error, unexpected: false });
    expect(error.headers).toEqual({ 'Retry-After': '13' });
    expect(error.status).toBe(429);
  });

  it.each([
    [new BadRequestException('bad'), 'VALIDATION_ERROR', 400],
    [new ForbiddenException(), 'AUTHZ_FORBIDDEN', 403],
    [new NotFoundException('Cannot GET /x'), 'NOT_FOUND', 404],
    [new HttpException('gone too far', 413), 'PAYLOAD_TOO_LARGE', 413],
  ])('maps Nest HTTP exceptions by status: %s', (exception, code, status) => {
    const { error, unexpected } = toAppError(exception);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(unexpected).toBe(false);
  });

  it('does not repeat Nest route text in 404 messages', () => {
    expect(toAppError(new NotFoundException('Cannot GET /secret/path')).error.message).not.toContain('/secret/path');
  });

  it('unwraps a Fastify body error wrapped by Nest and replaces its text', () => {
    const cause = Object.assign(new Error('Body is not valid JSON'), {
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      statusCode: 400,
    });
    const { error } = toAppError(new HttpException(cause.message, 400, { cause }));
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toBe('Request body is not valid JSON');
  });

  it.each(['MongoServerSelectionError', 'MongooseServerSelectionError', 'MongoNetworkError', 'MongoNotConnectedError'])(
    'answers %s as 503 DB_ERROR without driver text',
    (name) => {
      const { error, unexpected } = toAppError(named(name));
      expect(error.code).toBe('DB_ERROR');
      expect(error.status).toBe(503);
      expect(error.message).not.toMatch(/ECONNREFUSED|10\.0\.0\.5/);
      expect(unexpected).toBe(false);
    },
  );

  it('answers a duplicate key as 409 CONFLICT without the index or value', () => {
    const { error } = toAppError(named('MongoServerError', { code: 11000, keyValue: { email: 'a@b.c' } }));
    expect(error.code).toBe('CONFLICT');
    expect(JSON.stringify(error.details)).not.toContain('a@b.c');
  });

  it('answers anything unknown as an unexpected INTERNAL_ERROR', () => {
    for (const thrown of [new TypeError('x is undefined'), 'a string', null, 42]) {
      const { error, unexpected } = toAppError(thrown);
      expect(error.code).toBe('INTERNAL_ERROR');
      expect(error.message).toBe('An unexpected error occurred');
      expect(unexpected).toBe(true);
    }
  });
});

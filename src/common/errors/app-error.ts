import { ERROR_HTTP_STATUS, type ErrorCode } from './error-codes';

/**
 * The one error type services throw. The code decides the HTTP status and is what clients
 * branch on; `message` is for people; `details` is structured and safe to show (never driver text).
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown = null,
    /** Extra response headers, e.g. `Retry-After` for RATE_LIMIT_EXCEEDED. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_HTTP_STATUS[code];
  }

  static notFound(what: string): AppError {
    return new AppError('NOT_FOUND', `${what} not found`);
  }

  static forbidden(message = 'You do not have permission to do this'): AppError {
    return new AppError('AUTHZ_FORBIDDEN', message);
  }

  static conflict(message: string, details: unknown = null): AppError {
    return new AppError('CONFLICT', message, details);
  }

  static validation(message: string, details: unknown = null): AppError {
    return new AppError('VALIDATION_ERROR', message, details);
  }

  static rateLimited(message: string, retryAfterSeconds: number): AppError {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    return new AppError(
      'RATE_LIMIT_EXCEEDED',
      message,
      { retry_after_seconds: seconds },
      { 'Retry-After': String(seconds) },
    );
  }
}

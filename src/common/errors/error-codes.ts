/** The error codes of SPEC §9 and the HTTP status each one answers with. */
export const ERROR_HTTP_STATUS = {
  AUTH_INVALID: 401,
  AUTHZ_FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION_ERROR: 400,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMIT_EXCEEDED: 429,
  AI_PROCESSING_ERROR: 502,
  DB_ERROR: 503,
  WS_ERROR: 400,
  INTERNAL_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_HTTP_STATUS;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_HTTP_STATUS, value);
}

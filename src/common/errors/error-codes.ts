/**
 * The error codes of SPEC §9 and the HTTP status each one answers with, plus the request-level
 * codes SPEC leaves out: METHOD_NOT_ALLOWED (a method the path does not declare, with `Allow`),
 * PAYLOAD_TOO_LARGE and UNSUPPORTED_MEDIA_TYPE.
 */
export const ERROR_HTTP_STATUS = {
  AUTH_INVALID: 401,
  AUTHZ_FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
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

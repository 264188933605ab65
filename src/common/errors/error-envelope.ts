import type { ErrorCode } from './error-codes';

/** The body of every error the API sends, over HTTP and in socket acknowledgements (SPEC §9). */
export interface ErrorEnvelope {
  error: {
    code: ErrorCode;
    message: string;
    details: unknown;
    timestamp: string;
    request_id: string;
    context: { user_id: string | null; endpoint: string; method: string };
  };
}

export interface ErrorContext {
  requestId: string;
  userId: string | null;
  endpoint: string;
  method: string;
  now?: Date;
}

export function buildErrorEnvelope(
  code: ErrorCode,
  message: string,
  details: unknown,
  context: ErrorContext,
): ErrorEnvelope {
  return {
    error: {
      code,
      message,
      details: details ?? null,
      timestamp: (context.now ?? new Date()).toISOString(),
      request_id: context.requestId,
      context: { user_id: context.userId, endpoint: context.endpoint, method: context.method },
    },
  };
}

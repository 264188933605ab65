import { SetMetadata } from '@nestjs/common';
import type { ErrorCode } from '../../errors/error-codes';

export const API_ERRORS_KEY = 'openapi:errors';

/** Why an operation answers each error code, in words for the reader of the document. */
export type ErrorReasons = Partial<Record<ErrorCode, string>>;

/**
 * The refusals an operation's own rules produce (403 from a policy, 404, 409, 429), on a handler
 * or on a controller for all its handlers. The document renders each as an answer with the
 * SPEC §9 envelope and the status the code always has (ERROR_HTTP_STATUS). The refusals every
 * operation of a kind shares are added without being declared: 401 and 403 from the access
 * decorators, 400 wherever parameters or a body are validated, 404 for ids in the path, 413 and
 * 415 where a body is taken (see complete-document.ts).
 */
export const ApiErrors = (reasons: ErrorReasons) => SetMetadata(API_ERRORS_KEY, reasons);

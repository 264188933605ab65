import { Injectable, type PipeTransform } from '@nestjs/common';
import type { SchemaObject } from '@nestjs/swagger';
import { AppError } from '../common/errors/app-error';

/**
 * Self-serve session ids are random UUIDs (version 4), as randomUUID issues them and as
 * POST /ai/self-serve-query's IsUUID('4') accepts them back; spelled out rather than with the `i`
 * flag so that the pattern reads the same in OpenAPI.
 */
export const SESSION_ID_PATTERN =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

/** A session id in a path: a UUID v4, or 400 before anything is looked up. */
@Injectable()
export class SessionIdPipe implements PipeTransform<unknown, string> {
  /** The document gives every path parameter this pipe checks this schema (common/http/openapi). */
  static readonly openApiSchema: SchemaObject = {
    type: 'string',
    format: 'uuid',
    pattern: SESSION_ID_PATTERN.source,
    description: 'The session_id of a POST /ai/self-serve-query answer (a UUID v4)',
  };

  transform(value: unknown): string {
    if (typeof value !== 'string' || !SESSION_ID_PATTERN.test(value)) {
      throw AppError.validation('The session id must be a UUID (the session_id of a self-serve answer)', {
        field: 'session_id',
      });
    }
    // Sessions are stored as randomUUID writes them, in lower case; a UUID means the same in either case.
    return value.toLowerCase();
  }
}

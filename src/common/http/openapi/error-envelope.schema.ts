import type { SchemaObject } from '@nestjs/swagger';
import { ERROR_HTTP_STATUS } from '../../errors/error-codes';

export const ERROR_ENVELOPE_SCHEMA_NAME = 'ErrorEnvelope';

/** The SPEC §9 body of every error (see ErrorEnvelope in common/errors/error-envelope.ts). */
export const ERROR_ENVELOPE_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'The body of every error, REST or socket (SPEC §9). Clients branch on `error.code`.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details', 'timestamp', 'request_id', 'context'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_HTTP_STATUS) },
        message: { type: 'string', description: 'For people; never a stack trace or a driver message' },
        details: {
          description:
            'Structured and safe to show, or null. VALIDATION_ERROR: `{fields: [{field, problems}]}` for rule ' +
            'breaches; RATE_LIMIT_EXCEEDED: `{retry_after_seconds}`; CONFLICT on a duplicate: `{field}`.',
        },
        timestamp: { type: 'string', format: 'date-time' },
        request_id: { type: 'string', description: 'The X-Request-Id of the request, also echoed as a header' },
        context: {
          type: 'object',
          required: ['user_id', 'endpoint', 'method'],
          properties: {
            user_id: { type: 'string', nullable: true, description: 'The signed-in caller, if any' },
            endpoint: { type: 'string', example: '/tickets/TKT-1764000000000-A1B2C3' },
            method: { type: 'string', example: 'PUT' },
          },
        },
      },
    },
  },
};

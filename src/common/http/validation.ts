import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { assertRequestsAChange } from './requires-a-change';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens class-validator's tree into one entry per offending field, with dotted paths for nested ones. */
export function flattenValidationErrors(errors: ValidationError[], parentPath = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    // class-validator reports a non-object body (e.g. an array) with no property name.
    const property = error.property ?? '(body)';
    const field = parentPath ? `${parentPath}.${property}` : property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Nest's pipe, plus what a body must be before its fields are judged. A body that is not a JSON
 * object (`null`, an array, a string, a number) is refused: Nest would validate `null` as `{}`
 * and let an operation whose fields are all optional run on it. A missing body is validated as
 * `{}`, so it passes only where the DTO accepts `{}` (resolve, trigger, mark-reviewed: the
 * OpenAPI document marks those bodies optional), and otherwise says the body is required. An
 * update body (`@RequiresAChange()`) must set at least one field.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    if (metadata.type !== 'body' || !metatype || !this.toValidate(metadata)) return super.transform(value, metadata);
    if (value !== undefined && !isJsonObject(value)) {
      throw AppError.validation('The request body must be a JSON object', {
        fields: [{ field: '(body)', problems: ['must be a JSON object'] }],
      });
    }
    try {
      const dto = (await super.transform(value ?? {}, metadata)) as object;
      assertRequestsAChange(dto, metatype);
      return dto;
    } catch (error) {
      if (value === undefined && error instanceof AppError && error.code === 'VALIDATION_ERROR') {
        throw AppError.validation('A JSON request body is required', error.details);
      }
      throw error;
    }
  }
}

/**
 * The global pipe: unknown fields are refused (not silently dropped) so a client learns that
 * `status` or `user_id` cannot be set, and values are converted to the DTO's declared types.
 */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      const names = fields.map((f) => f.field).join(', ');
      return AppError.validation(`Invalid request: ${names || 'body'}`, { fields });
    },
  });
}

import { Injectable, type PipeTransform } from '@nestjs/common';
import type { SchemaObject } from '@nestjs/swagger';
import { AppError } from '../errors/app-error';

/** 24 hex digits in either case (spelled out rather than with the `i` flag, so the pattern reads the same in OpenAPI). */
export const OBJECT_ID_PATTERN = /^[0-9a-fA-F]{24}$/;

export const OBJECT_ID_SCHEMA: SchemaObject = {
  type: 'string',
  pattern: OBJECT_ID_PATTERN.source,
  description: 'An ObjectId: 24 hexadecimal digits',
};

export function isObjectIdString(value: unknown): value is string {
  return typeof value === 'string' && OBJECT_ID_PATTERN.test(value);
}

/** Path ids must be 24 hex characters (Mongoose's own check also accepts any 12-character string). */
@Injectable()
export class ObjectIdPipe implements PipeTransform<unknown, string> {
  static readonly openApiSchema = OBJECT_ID_SCHEMA;

  transform(value: unknown): string {
    if (!isObjectIdString(value)) throw AppError.validation('The id is not a valid identifier', { field: 'id' });
    return value.toLowerCase();
  }
}

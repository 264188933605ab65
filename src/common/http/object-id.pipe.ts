import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '../errors/app-error';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

export function isObjectIdString(value: unknown): value is string {
  return typeof value === 'string' && OBJECT_ID.test(value);
}

/** Path ids must be 24 hex characters (Mongoose's own check also accepts any 12-character string). */
@Injectable()
export class ObjectIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (!isObjectIdString(value)) throw AppError.validation('The id is not a valid identifier', { field: 'id' });
    return value.toLowerCase();
  }
}

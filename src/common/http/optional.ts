import { ValidateIf } from 'class-validator';

/** Optional()'s condition; the OpenAPI document recognises it to mark the property as not required. */
export function isPresent(_object: object, value: unknown): boolean {
  return value !== undefined;
}

/**
 * The field may be left out, but not sent as null: class-validator's IsOptional skips null too,
 * which let `{"email": null}` through to the service (a 500) instead of a 400.
 */
export const Optional = () => ValidateIf(isPresent);

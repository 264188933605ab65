import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but not sent as null: class-validator's IsOptional skips null too,
 * which let `{"email": null}` through to the service (a 500) instead of a 400.
 */
export const Optional = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

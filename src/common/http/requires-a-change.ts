import { getMetadataStorage } from 'class-validator';
import { AppError } from '../errors/app-error';

/** The DTO classes marked with `@RequiresAChange()`. */
const UPDATE_BODIES = new WeakSet<object>();

/**
 * Marks an update body: one that sets none of its fields asks for nothing, and the validation
 * pipe refuses it with 400 "Nothing to change" instead of the operation answering 200 with
 * nothing done (which a client cannot tell from a change that was applied). A missing body is
 * refused the same way, since the pipe validates it as `{}`.
 */
export function RequiresAChange(): ClassDecorator {
  return (target) => {
    UPDATE_BODIES.add(target);
  };
}

export function requiresAChange(metatype: object): boolean {
  return UPDATE_BODIES.has(metatype);
}

/** The properties a DTO validates, in declaration order: what an update may change. */
export function validatedProperties(metatype: new (...args: never[]) => unknown): string[] {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false);
  return [...new Set(metadatas.map((metadata) => metadata.propertyName))];
}

/** Throws 400 when a validated update body sets no field at all. */
export function assertRequestsAChange(dto: object, metatype: new (...args: never[]) => unknown): void {
  if (!requiresAChange(metatype)) return;
  if (Object.values(dto).some((value) => value !== undefined)) return;
  const fields = validatedProperties(metatype).join(', ');
  throw AppError.validation(`Nothing to change: send at least one of ${fields}`, {
    fields: [{ field: '(body)', problems: [`must set at least one of ${fields}`] }],
  });
}

import { Transform } from 'class-transformer';

/** Strings are trimmed before validation, so "   " counts as empty (SPEC §3: title and description are trimmed). */
export function trimString({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

/** The DTO properties that are trimmed, by class, so the document can say what the server really accepts. */
const TRIMMED = new WeakMap<object, Set<string>>();

export const Trimmed = (): PropertyDecorator => (target, property) => {
  Transform(trimString)(target, property);
  const own = TRIMMED.get(target) ?? new Set<string>();
  own.add(String(property));
  TRIMMED.set(target, own);
};

/** Whether a property of a DTO class (or of a class it extends) is trimmed. */
export function isTrimmed(dto: abstract new (...args: never[]) => unknown, property: string): boolean {
  for (
    let prototype: object | null = dto.prototype as object;
    prototype;
    prototype = Object.getPrototypeOf(prototype) as object | null
  ) {
    if (TRIMMED.get(prototype)?.has(property)) return true;
  }
  return false;
}

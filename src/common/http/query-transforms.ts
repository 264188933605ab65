import { Transform } from 'class-transformer';

/** Query strings are text: only the exact words "true" and "false" become booleans, anything else fails validation. */
export const BooleanQuery = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/**
 * Only decimal digits (with an optional minus) become an integer; anything else stays text and
 * fails IsInt. `Number()` would also take "1e1", "0x10", " 7" or "" (as 0), none of which the
 * document's `type: integer` admits.
 */
export const IntegerQuery = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?[0-9]+$/.test(value) ? Number(value) : value,
  );

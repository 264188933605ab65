import { Transform } from 'class-transformer';

/** Query strings are text: only the exact words "true" and "false" become booleans, anything else fails validation. */
export const BooleanQuery = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

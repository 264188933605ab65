import { Transform } from 'class-transformer';

/** Trims strings so "   " counts as empty (SPEC §3: title and description are trimmed). */
export const Trimmed = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** A unique-index violation: MongoDB's code 11000 (SecantusDB reports it the same way). */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** The fields of the violated index, from the `keyPattern` MongoDB 6+ sends with every such error. */
export function duplicateKeyFields(error: unknown): string[] {
  const { keyPattern } = error as { keyPattern?: Record<string, unknown> };
  return keyPattern ? Object.keys(keyPattern) : [];
}

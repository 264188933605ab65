/**
 * Unique-index violations, as MongoDB and FerretDB report them. MongoDB: code 11000 with the index
 * in `keyPattern`. FerretDB 1.24: code 11000 without naming the index on inserts, and code 1 with
 * "UNIQUE constraint failed: index '<collection>_<hash>_<field>_1'" on updates.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 11000 || (typeof message === 'string' && message.includes('UNIQUE constraint failed'));
}

/** The fields of the violated index when the server names it; null when it does not. */
export function duplicateKeyFields(error: unknown): string[] | null {
  const { keyPattern, message } = error as { keyPattern?: Record<string, unknown>; message?: unknown };
  if (keyPattern) return Object.keys(keyPattern);
  const index =
    typeof message === 'string' ? /UNIQUE constraint failed: index '[^']*?_([a-z_]+)_1'/.exec(message) : null;
  return index?.[1] ? [index[1]] : null;
}

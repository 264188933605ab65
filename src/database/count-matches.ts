import type { Model, QueryFilter } from 'mongoose';

/**
 * How many documents of a list match. With nothing to filter on, the collection's size from its
 * metadata: a count of `{}` reads every document (MongoDB keeps the size exact outside an unclean
 * shutdown). Otherwise a count the filter's index serves, stopping at `limit` when one is given.
 */
export function countMatches<T>(
  model: Model<T>,
  filter: QueryFilter<T>,
  options: { limit?: number } = {},
): Promise<number> {
  if (Object.keys(filter).length === 0) return model.estimatedDocumentCount().exec();
  return model.countDocuments(filter, options.limit === undefined ? {} : { limit: options.limit }).exec();
}

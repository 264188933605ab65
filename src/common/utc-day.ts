/** YYYY-MM-DD of a moment in UTC: the day of a report, and the day buckets of analytics. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

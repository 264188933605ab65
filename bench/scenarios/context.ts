/** What every scenario gets: the database server and how long each load phase lasts. */
export interface ScenarioContext {
  uri: string;
  seconds: number;
  /** CPU seconds the database server has used so far; absent for a server the bench did not start. */
  databaseCpuSeconds?: () => number;
  /** Raw figures (full autocannon summaries, explain output) for the JSON report. */
  details: Record<string, unknown>;
}

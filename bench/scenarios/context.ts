/** What every scenario gets: the database server and how long each load phase lasts. */
export interface ScenarioContext {
  uri: string;
  seconds: number;
  /** Raw figures (full autocannon summaries, explain output) for the JSON report. */
  details: Record<string, unknown>;
}

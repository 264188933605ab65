import type { BenchApp } from './app';
import { atMost, reported, type BenchRow } from './report';

/**
 * Database round trips per request: the budgets `test/round-trips.e2e-spec.ts` holds exactly and
 * the bench reports under load. They come from what each request needs (README, "Round trips"), so
 * they hold on any MongoDB-compatible engine.
 */
export const ROUND_TRIP_BUDGETS = {
  'sign-in': 10,
  intake: 7,
  'agent list': 3,
  'admin list': 3,
  'self-serve answer': 4,
  'message send': 4,
} as const;

export type RoundTripBudgetName = keyof typeof ROUND_TRIP_BUDGETS;

/** Commands that are the driver's own housekeeping, not a round trip the app asked for. */
export const HOUSEKEEPING_COMMANDS: ReadonlySet<string> = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'ping',
  'endSessions',
  'killCursors',
  'saslContinue',
]);

/**
 * Commands an idle app sends on its own, by `command collection`: the webhook sender looks for
 * due deliveries every 500 ms, and no bench scenario gives it any. Left out of the bench's counts
 * so that they are the requests' own.
 */
export const BACKGROUND_COMMANDS: ReadonlySet<string> = new Set(['find webhook_deliveries']);

/**
 * The app's own commands so far by `command collection` (`find tickets`), from the
 * `database_commands_total{command,collection}` lines of a Prometheus text exposition
 * (GET /metrics), housekeeping and background polls left out.
 */
export function commandsSent(metricsText: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of metricsText.matchAll(/^database_commands_total\{([^}]*)\} (\d+(?:\.\d+)?)$/gm)) {
    const label = (name: string) => new RegExp(`(?:^|,)${name}="([^"]*)"`).exec(match[1]!)?.[1];
    const command = label('command');
    if (!command || HOUSEKEEPING_COMMANDS.has(command)) continue;
    const key = `${command} ${label('collection') ?? ''}`.trim();
    if (!BACKGROUND_COMMANDS.has(key)) counts[key] = (counts[key] ?? 0) + Number(match[2]);
  }
  return counts;
}

/** Commands sent, in all and by command name. */
export interface CommandCount {
  commands: number;
  byCommand: Record<string, number>;
}

/**
 * Runs `work` and counts the database commands every app sent meanwhile. Under load the count also
 * holds the background sweeps of those seconds (the webhook relay's, a few commands), so the
 * per-request figure can only be higher than the request's own.
 */
export async function countingCommands<T>(
  apps: BenchApp[],
  work: () => Promise<T>,
): Promise<{ result: T; commands: number; byCommand: Record<string, number> }> {
  const sum = async () => {
    const total: Record<string, number> = {};
    for (const counts of await Promise.all(apps.map((app) => app.databaseCommands())))
      for (const [command, n] of Object.entries(counts)) total[command] = (total[command] ?? 0) + n;
    return total;
  };
  const before = await sum();
  const result = await work();
  const after = await sum();
  const byCommand = Object.fromEntries(
    Object.entries(after)
      .map(([command, n]) => [command, n - (before[command] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
  return { result, commands: Object.values(byCommand).reduce((a, b) => a + b, 0), byCommand };
}

/**
 * The round trips of one request alone, as the spec counts them: the fewest over `tries` requests
 * sent one at a time, each counted until its event subscribers are done (a quiet `settleMs`),
 * since a background sweep can only add.
 */
export async function roundTripsOfOne(
  app: BenchApp,
  send: () => Promise<unknown>,
  tries = 3,
  settleMs = 300,
): Promise<CommandCount> {
  let fewest: CommandCount = { commands: Infinity, byCommand: {} };
  for (let i = 0; i < tries; i += 1) {
    const { commands, byCommand } = await countingCommands([app], async () => {
      await send();
      await new Promise((resolve) => setTimeout(resolve, settleMs));
    });
    if (commands < fewest.commands) fewest = { commands, byCommand };
  }
  return fewest;
}

/**
 * Round trips as two bench rows: one request alone, held to its budget (the figure that does not
 * depend on the engine or the load), and the average under load, which also carries the
 * background work of those seconds (the webhook relay's sweep re-reads what was stored).
 */
export function roundTripRows(
  scenario: string,
  request: string,
  budget: RoundTripBudgetName,
  alone: CommandCount,
  underLoad: { commands: number; requests: number },
): BenchRow[] {
  const rows = [
    atMost(
      scenario,
      `database round trips per ${request}, alone`,
      alone.commands,
      'commands',
      ROUND_TRIP_BUDGETS[budget],
    ),
  ];
  // With nothing answered there is no per-request figure, only commands of requests still waiting.
  if (underLoad.requests > 0) {
    const perRequest = Math.round((underLoad.commands / underLoad.requests) * 100) / 100;
    rows.push(reported(scenario, `database round trips per ${request}, under load`, perRequest, 'commands'));
  }
  return rows;
}

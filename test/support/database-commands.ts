import type { Connection, mongo } from 'mongoose';
import { HOUSEKEEPING_COMMANDS } from '../../bench/lib/round-trips';

type Document = mongo.Document;

export interface DatabaseCommand {
  name: string;
  /** The collection the command names (`find: 'tickets'` → `tickets`), when it names one. */
  collection: string | undefined;
  body: Document;
}

/**
 * Every command the app's driver sends, through the driver's command monitoring (the same events a
 * MongoDB 6 deployment's APM sees), so specs can count round trips and explain the queries the app
 * really sends rather than copies of them.
 */
export class DatabaseCommands {
  private readonly seen: DatabaseCommand[] = [];
  private readonly listener = (event: mongo.CommandStartedEvent) => {
    if (HOUSEKEEPING_COMMANDS.has(event.commandName)) return;
    const named = event.command[event.commandName] as unknown;
    this.seen.push({
      name: event.commandName,
      collection: typeof named === 'string' ? named : undefined,
      body: event.command,
    });
  };

  /** The app's connection, whose client monitors commands from the start (DatabaseModule). */
  constructor(private readonly connection: Connection) {
    connection.getClient().on('commandStarted', this.listener);
  }

  stop(): void {
    this.connection.getClient().off('commandStarted', this.listener);
  }

  /** The commands sent while `work` ran. */
  async during(work: () => Promise<unknown>): Promise<DatabaseCommand[]> {
    const from = this.seen.length;
    await work();
    return this.seen.slice(from);
  }

  /**
   * The commands sent while `work` ran and until the app has been quiet for `quietMs` afterwards
   * (the event subscribers a request sets off: notifications, realtime, webhooks), split in two.
   */
  async duringAndAfter(
    work: () => Promise<unknown>,
    quietMs = 150,
  ): Promise<{ during: DatabaseCommand[]; after: DatabaseCommand[] }> {
    const from = this.seen.length;
    await work();
    const answeredAt = this.seen.length;
    for (let last = -1; last !== this.seen.length;) {
      last = this.seen.length;
      await new Promise((resolve) => setTimeout(resolve, quietMs));
    }
    return { during: this.seen.slice(from, answeredAt), after: this.seen.slice(answeredAt) };
  }
}

/** The explain command for a recorded find, aggregate or count, to run on the same database. */
export function explainOf(command: DatabaseCommand): Document | null {
  if (!['find', 'aggregate', 'count'].includes(command.name)) return null;
  // The session and routing fields belong to the original round trip, not to the query.
  const { lsid: _session, $db: _database, $clusterTime: _clock, $readPreference: _preference, ...query } = command.body;
  return { explain: query, verbosity: 'queryPlanner' };
}

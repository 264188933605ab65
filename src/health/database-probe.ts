import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ConnectionStates, type Connection } from 'mongoose';

/** A probe waits this long for the database, so /ready answers within a load balancer's check. */
export const DATABASE_PROBE_TIMEOUT_MS = 1000;

export interface DatabasePing {
  reachable: boolean;
  /** The ping's round trip in milliseconds (0.1 ms precision); null when it did not answer. */
  latency_ms: number | null;
}

/** Settles to `fallback` instead of waiting past the limit (a database that hangs never errors). */
async function within<T>(work: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), DATABASE_PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work.catch(() => fallback), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What /ready and GET /admin/system-status ask the database: a ping (reachable, and how fast) and
 * the server's version. Both bounded by DATABASE_PROBE_TIMEOUT_MS, and neither queued while the
 * driver is disconnected: Mongoose would otherwise hold the command until server selection gives up.
 */
@Injectable()
export class DatabaseProbe {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async ping(): Promise<DatabasePing> {
    const db = this.connection.db;
    if (this.connection.readyState !== ConnectionStates.connected || !db) return { reachable: false, latency_ms: null };
    const started = performance.now();
    const answered = await within(
      db.command({ ping: 1 }).then(() => true),
      false,
    );
    return answered
      ? { reachable: true, latency_ms: Math.round((performance.now() - started) * 10) / 10 }
      : { reachable: false, latency_ms: null };
  }

  /** The server's version as it reports it (buildInfo); null when it does not answer or say. */
  async serverVersion(): Promise<string | null> {
    const db = this.connection.db;
    if (this.connection.readyState !== ConnectionStates.connected || !db) return null;
    const info = await within(db.command({ buildInfo: 1 }), null);
    const version: unknown = info?.['version'];
    return typeof version === 'string' && version.length > 0 ? version : null;
  }
}

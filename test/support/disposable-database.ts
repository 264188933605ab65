import { startEphemeralDatabase } from '../../src/database/local-server/local-database';

export interface DisposableDatabase {
  uri: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * A database server of the spec's own, for specs that take the database away: the same SecantusDB
 * as the suite's, in a folder of its own, on a free port or on `port` to come back where a stopped
 * one was.
 */
export async function startDisposableDatabase(port?: number): Promise<DisposableDatabase> {
  const server = await startEphemeralDatabase({
    name: 'disposable',
    report: (line) => process.stderr.write(`${line}\n`),
    ...(port ? { port } : {}),
  });
  return { uri: server.uri, port: server.port, stop: () => server.stop() };
}

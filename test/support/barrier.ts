import type { ClientSocket } from './sockets';

export interface Arrival {
  event: string;
  payload: unknown;
}

/** Every event a socket receives from now on, in the order it arrives. */
export interface ArrivalLog {
  readonly arrivals: readonly Arrival[];
  /**
   * Waits for the first arrival that `isSentinel` accepts and answers everything that arrived
   * before it. Socket.IO delivers one connection's events in the order the server emitted them,
   * so when the sentinel is emitted after anything an earlier action could have caused, what
   * that action sent this socket is in the answer: asserting on it checks absence without a sleep.
   */
  before(isSentinel: (arrival: Arrival) => boolean, timeoutMs?: number): Promise<Arrival[]>;
}

export function logArrivals(socket: ClientSocket): ArrivalLog {
  const arrivals: Arrival[] = [];
  const waiters = new Set<() => void>();
  socket.onAny((event: string, payload: unknown) => {
    arrivals.push({ event, payload });
    for (const check of waiters) check();
  });
  return {
    arrivals,
    before(isSentinel, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const at = arrivals.findIndex(isSentinel);
          if (at < 0) return;
          done();
          resolve(arrivals.slice(0, at));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no sentinel within ${timeoutMs} ms; arrived: ${JSON.stringify(arrivals)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** An arrival of `event` whose payload has these fields (as toMatchObject would, one level deep). */
export function isEvent(event: string, fields: Record<string, unknown> = {}): (arrival: Arrival) => boolean {
  return (arrival) =>
    arrival.event === event &&
    typeof arrival.payload === 'object' &&
    arrival.payload !== null &&
    Object.entries(fields).every(([key, value]) => (arrival.payload as Record<string, unknown>)[key] === value);
}

import { io, type Socket } from 'socket.io-client';
import type { TestApp } from './test-app';

export type ClientSocket = Socket;

/** Connects like a chat client; rejects with the refusal (its `data` holds the error envelope). */
export function connectSocket(
  url: string,
  token: string | undefined,
  extra: { query?: Record<string, string> } = {},
): Promise<ClientSocket> {
  const socket = io(url, {
    auth: token === undefined ? {} : { token },
    ...extra,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 5000,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export const connectTo = (t: TestApp, token: string) => connectSocket(t.url, token);

export function ack<T = Record<string, unknown>>(socket: ClientSocket, event: string, payload: unknown): Promise<T> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<T>;
}

/** The next `event` on the socket, or a rejection after `timeoutMs`. */
export function nextEvent<T = Record<string, unknown>>(
  socket: ClientSocket,
  event: string,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, handler);
  });
}

/** Collects every `event` from now on, to check later that nothing (or only the right thing) arrived. */
export function collect<T = Record<string, unknown>>(socket: ClientSocket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

export function disconnected(socket: ClientSocket, timeoutMs = 5000): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

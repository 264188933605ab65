import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis, type RedisOptions } from 'ioredis';
import type { Server } from 'socket.io';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** How long /ready waits for its probe to come back through Redis, as for the database ping. */
const PROBE_TIMEOUT_MS = 1000;

type ClientRole = 'publisher' | 'subscriber';

/**
 * An ioredis client that observes the failure of every command it sends. The Socket.IO adapter
 * publishes and (un)subscribes without awaiting the promises, so a broadcast made while Redis is
 * down was an unhandled rejection, and Node ends the process on one: every instance crashed a
 * moment after its first message of the outage. Callers that await still get the rejection.
 */
class ObservedRedis extends Redis {
  constructor(
    url: string,
    options: RedisOptions,
    private readonly onCommandFailed: (commandName: string) => void,
  ) {
    super(url, options);
  }

  override sendCommand(...args: Parameters<Redis['sendCommand']>): unknown {
    const [command] = args;
    command.promise.catch(() => this.onCommandFailed(command.name));
    return super.sendCommand(...args);
  }
}

/** Where Redis is, for logs: host and port only, since the URL may carry a password. */
function describeTarget(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || '6379'}`;
}

/**
 * The Redis connections behind the Socket.IO adapter (with REDIS_URL), and what /ready asks about
 * them. They connect in the background and never block start: a process whose Redis is down
 * starts, serves /health and answers /ready 503 until Redis answers. ioredis reconnects by itself
 * and the subscriber restores its subscriptions, so broadcasts resume without a restart. An outage
 * is logged once when it begins and once when it ends; each reconnect attempt only at debug.
 */
@Injectable()
export class RedisPubSub implements OnApplicationShutdown {
  private readonly logger: AppLogger;
  private clients: Record<ClientRole, ObservedRedis> | null = null;
  private state: 'connecting' | 'up' | 'down' = 'connecting';
  private outage = { since: 0, reconnectAttempts: { publisher: 0, subscriber: 0 }, unsharedBroadcasts: 0 };
  private lastError: string | undefined;
  private closing = false;
  /** Matched only by this instance's subscriber (no glob characters), so only it hears its probes. */
  private readonly probeChannel = `helpdesk-ready#${randomUUID()}`;
  private readonly pendingProbes = new Map<string, () => void>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'redis' });
  }

  get configured(): boolean {
    return this.config.redisUrl !== undefined;
  }

  /** With REDIS_URL, shares the server's rooms, broadcasts and disconnects with every other instance. */
  attach(server: Server): void {
    const url = this.config.redisUrl;
    if (!url) return;
    const clients = (this.clients ??= this.connect(url));
    server.adapter(createAdapter(clients.publisher, clients.subscriber));
    // After the adapter's own subscriptions, in the same queue: once the probe's pattern is in
    // place, theirs are too (and after a reconnect ioredis restores all patterns in one command).
    void clients.subscriber.psubscribe(this.probeChannel);
  }

  /**
   * `up` when a message published now comes back to this instance's subscriber within a second:
   * the path every cross-instance broadcast takes, subscriptions included, not just a PING. The
   * limit covers the publish too, since a Redis that hangs with its connections open never fails
   * a command.
   */
  async check(): Promise<'up' | 'down'> {
    const clients = this.clients;
    if (!clients || this.state !== 'up') return 'down';
    const nonce = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    });
    const returned = new Promise<true>((resolve) => this.pendingProbes.set(nonce, () => resolve(true)));
    const roundTrip = clients.publisher.publish(this.probeChannel, nonce).then(
      (receivers) => (receivers > 0 ? returned : false),
      () => false as const,
    );
    try {
      return (await Promise.race([roundTrip, timedOut])) ? 'up' : 'down';
    } finally {
      clearTimeout(timer);
      this.pendingProbes.delete(nonce);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const clients = this.clients;
    if (!clients) return;
    this.closing = true;
    this.clients = null;
    await Promise.all(
      Object.values(clients).map(async (client) => {
        // QUIT lets Redis finish what was sent; without a connection there is nothing to finish,
        // and a QUIT would wait in the offline queue for a Redis that may never return.
        if (client.status === 'ready') {
          try {
            await client.quit();
            return;
          } catch {
            // the connection went meanwhile: close it below
          }
        }
        client.disconnect();
      }),
    );
  }

  private connect(url: string): Record<ClientRole, ObservedRedis> {
    const onCommandFailed = (commandName: string) => {
      if (commandName === 'publish' && this.state !== 'up') this.outage.unsharedBroadcasts += 1;
    };
    // After disconnecting, ioredis waits this long for the socket to close before destroying it,
    // even when the socket died with the outage: 2 s by default, in which a stopped app still
    // holds the event loop open.
    const disconnectTimeout = 200;
    const clients = {
      // No offline queue: while Redis is down a broadcast reaches this instance's sockets at once
      // and the rest not at all. Queued, it would arrive late (stale typing indicators, a burst
      // after a long outage) and the adapter's cross-instance requests would wait for Redis. The
      // command timeout bounds the wait on a Redis that hangs: fetchSockets() first asks Redis
      // how many instances there are, and the relay awaits it while a ticket change is applied.
      publisher: new ObservedRedis(
        url,
        { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2000, disconnectTimeout },
        onCommandFailed,
      ),
      // Subscriptions made before Redis first answered wait for it however long it takes: with a
      // retry limit ioredis dropped them, and an instance started during an outage never heard
      // the others even after Redis came back. Later ones are restored on reconnect.
      subscriber: new ObservedRedis(url, { maxRetriesPerRequest: null, disconnectTimeout }, onCommandFailed),
    };
    const target = describeTarget(url);
    for (const [role, client] of Object.entries(clients) as Array<[ClientRole, ObservedRedis]>) {
      // Connection errors repeat on every attempt; the outage line names the first one.
      client.on('error', (error: Error) => {
        this.lastError ??= error.message;
      });
      client.on('close', () => this.connectionLost(role, target));
      client.on('reconnecting', (delayMs: number) => {
        const attempt = (this.outage.reconnectAttempts[role] += 1);
        this.logger.debug({ data: { target, client: role, attempt, delay_ms: delayMs } }, 'redis_reconnecting');
      });
      client.on('ready', () => this.connectionReady(clients, target));
    }
    clients.subscriber.on('pmessage', (_pattern: string, channel: string, nonce: string) => {
      if (channel === this.probeChannel) this.pendingProbes.get(nonce)?.();
    });
    return clients;
  }

  private connectionLost(role: ClientRole, target: string): void {
    if (this.closing || this.state === 'down') return;
    this.state = 'down';
    this.outage = { since: Date.now(), reconnectAttempts: { publisher: 0, subscriber: 0 }, unsharedBroadcasts: 0 };
    this.logger.error(
      { data: { target, client: role, reason: this.lastError ?? 'connection closed' } },
      'redis_unavailable',
    );
    this.lastError = undefined;
  }

  private connectionReady(clients: Record<ClientRole, ObservedRedis>, target: string): void {
    if (clients.publisher.status !== 'ready' || clients.subscriber.status !== 'ready') return;
    this.lastError = undefined;
    if (this.state === 'down') {
      this.logger.info(
        {
          data: {
            target,
            outage_ms: Date.now() - this.outage.since,
            reconnect_attempts: this.outage.reconnectAttempts,
            broadcasts_not_shared: this.outage.unsharedBroadcasts,
          },
        },
        'redis_restored',
      );
    } else if (this.state === 'connecting') {
      this.logger.info({ data: { target } }, 'redis_connected');
    }
    this.state = 'up';
  }
}

/** RedisPubSub for the Socket.IO adapter (which finds it in the app) and for /ready. */
@Module({ providers: [RedisPubSub], exports: [RedisPubSub] })
export class RedisPubSubModule {}

import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../config/app-config';

/** Largest socket frame accepted; a message is at most 1000 characters, so this is generous. */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;

/**
 * Socket.IO on the app's HTTP server, with the app's CORS origins and a small frame limit; with
 * REDIS_URL, rooms are shared with every other instance through the Redis adapter.
 */
export class SocketIoAdapter extends IoAdapter {
  private readonly redisClients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const origins = this.config.cors.origins;
    const server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
      ...(origins === false ? {} : { cors: { origin: origins, credentials: true } }),
    } as ServerOptions);
    if (this.config.redisUrl) {
      const publisher = new Redis(this.config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
      const subscriber = publisher.duplicate();
      this.redisClients.push(publisher, subscriber);
      server.adapter(createAdapter(publisher, subscriber));
    }
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.redisClients.splice(0).map((client) => client.quit().catch(() => undefined)));
  }
}

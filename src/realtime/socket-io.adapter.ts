import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../config/app-config';
import { RedisPubSub } from './redis-pubsub';

/** Largest socket frame accepted; a message is at most 1000 characters, so this is generous. */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;

/**
 * Socket.IO on the app's HTTP server, with the app's CORS origins and a small frame limit; with
 * REDIS_URL, rooms are shared with every other instance through the Redis adapter, whose
 * connections RedisPubSub owns (it watches them for /ready and closes them at shutdown).
 */
export class SocketIoAdapter extends IoAdapter {
  constructor(
    private readonly app: INestApplicationContext,
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
    // Registered by HealthModule, which asks it about readiness; not strict, since that module is
    // not the root one.
    this.app.get(RedisPubSub, { strict: false }).attach(server);
    return server;
  }
}

import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getConnectionToken } from '@nestjs/mongoose';
import { ConnectionStates, type Connection } from 'mongoose';
import type { Logger } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { baseTestEnv } from './test-env';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** Base URL of the listening server, e.g. http://127.0.0.1:40123 */
  url: string;
  http: ReturnType<typeof request>;
  connection: Connection;
  close(options?: { dropDatabase?: boolean }): Promise<void>;
}

export interface StartTestAppOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Test-only modules mounted beside the real ones (e.g. a probe controller). */
  imports?: Array<Type | DynamicModule>;
}

/** Boots the real application on a random loopback port against the real test database. */
export async function startTestApp(databaseName: string, options: StartTestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({ ...baseTestEnv(databaseName), ...options.env });
  const app = await createApp(config, { logger: options.logger, imports: options.imports });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('test app is not listening on a TCP port');
  const url = `http://127.0.0.1:${address.port}`;
  const connection = app.get<Connection>(getConnectionToken());
  return {
    app,
    config,
    url,
    http: request(url),
    connection,
    async close({ dropDatabase = true } = {}) {
      if (dropDatabase && connection.readyState === ConnectionStates.connected) await connection.dropDatabase();
      await app.close();
    },
  };
}

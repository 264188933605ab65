import { Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';

/** Injection token for the root pino logger; features call `.child({ module })` on it. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
export type AppLogger = Logger;

@Global()
@Module({})
export class LoggingModule {
  static forRoot(root: Logger) {
    return {
      module: LoggingModule,
      providers: [{ provide: ROOT_LOGGER, useValue: root }],
      exports: [ROOT_LOGGER],
    };
  }
}

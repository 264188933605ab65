import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createRootLogger } from '../../src/common/logging/logger';
import type { LogLevel } from '../../src/config/app-config';

export interface LogLine {
  timestamp: string;
  level: string;
  service: string;
  module?: string;
  request_id?: string;
  user_id?: string | null;
  event: string;
  data?: Record<string, unknown>;
  duration_ms?: number;
}

/** A real JSON logger whose lines are kept in memory, so specs can read what would reach stdout. */
export class LogCapture {
  readonly raw: string[] = [];
  readonly logger: Logger;

  constructor(level: LogLevel = 'debug') {
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.raw.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    this.logger = createRootLogger(level, sink);
  }

  lines(): LogLine[] {
    return this.raw.map((line) => JSON.parse(line) as LogLine);
  }

  text(): string {
    return this.raw.join('\n');
  }
}

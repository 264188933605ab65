import { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../../config/app-config';

export const SERVICE_NAME = 'helpdesk-api';

/**
 * Keys whose values never reach a log line, at any of the depths our log calls use
 * (`data.x`, `data.x.y`). pino's redaction is path-based, so each depth is listed.
 */
const SECRET_KEYS = [
  'password',
  'password_hash',
  'current_password',
  'new_password',
  'token',
  'access_token',
  'refresh_token',
  'authorization',
  'cookie',
  'secret',
  'api_key',
];
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `data.*.${key}`]);

/** The shape of our JSON log lines (SPEC §9): timestamp, level, service, module, request_id, user_id, event, data, duration_ms. */
export function createRootLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: SERVICE_NAME },
      messageKey: 'event',
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** Nest's own messages (bootstrap, route mapping, errors inside Nest) in our JSON shape. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: pino.Level, message: unknown, params: unknown[]): void {
    // Nest passes the context (class name) as the last string parameter, and a stack before it for errors.
    const module = typeof params.at(-1) === 'string' ? (params.at(-1) as string) : 'nest';
    const stack = params.length > 1 && typeof params[0] === 'string' ? params[0] : undefined;
    const event = message instanceof Error ? message.message : String(message);
    this.root[level]({ module, ...(stack ? { data: { stack } } : {}) }, event);
  }
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's id is kept only if it is short and plain, so it cannot forge log lines or headers. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function acceptRequestId(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTABLE_REQUEST_ID.test(value) ? value : undefined;
}

/** Fastify's `genReqId`: the incoming X-Request-Id when acceptable, otherwise a new UUID. */
export function generateRequestId(request: IncomingMessage): string {
  return acceptRequestId(request.headers[REQUEST_ID_HEADER]) ?? randomUUID();
}

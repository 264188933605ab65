import type { IncomingMessage } from 'node:http';
import { acceptRequestId, generateRequestId } from './request-id';

describe('request ids', () => {
  it.each(['abc', 'A-1_b.c:d', 'x'.repeat(128), '3f2a9c1e-0000-4000-8000-123456789abc'])('accepts %s', (id) => {
    expect(acceptRequestId(id)).toBe(id);
  });

  it.each(['', 'x'.repeat(129), 'has space', 'quote"', 'new\nline', '{"level":"fatal"}'])('refuses %j', (id) => {
    expect(acceptRequestId(id)).toBeUndefined();
  });

  it('uses the first of repeated headers', () => {
    expect(acceptRequestId(['first', 'second'])).toBe('first');
  });

  it('generates a fresh UUID when the header is absent or refused', () => {
    const request = (header?: string) => ({ headers: header ? { 'x-request-id': header } : {} }) as IncomingMessage;
    expect(generateRequestId(request('kept-1'))).toBe('kept-1');
    const generated = [generateRequestId(request()), generateRequestId(request('bad id'))];
    for (const id of generated) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated[0]).not.toBe(generated[1]);
  });
});

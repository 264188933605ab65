import { createHmac } from 'node:crypto';
import { isPublicAddress } from './webhook-target';
import { retryDelayMs, signatureFor } from './webhook-sender';

describe('retry delays', () => {
  it('double with each attempt, between half and all of base·2^(n−1)', () => {
    expect(retryDelayMs(1, 1000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, () => 1)).toBe(1000);
    expect(retryDelayMs(4, 1000, () => 0)).toBe(4000);
    expect(retryDelayMs(4, 1000, () => 1)).toBe(8000);
  });

  it('are capped at an hour however many attempts came before', () => {
    expect(retryDelayMs(40, 10_000, () => 1)).toBe(3_600_000);
  });

  it('spread retries out (jitter)', () => {
    const delays = new Set(Array.from({ length: 20 }, () => retryDelayMs(3, 1000)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('signatures', () => {
  it('are the hex HMAC-SHA256 of the exact body, prefixed sha256=', () => {
    const body = '{"event":"on_ticket_created"}';
    expect(signatureFor('k', body)).toBe(`sha256=${createHmac('sha256', 'k').update(body).digest('hex')}`);
    expect(signatureFor('k', `${body} `)).not.toBe(signatureFor('k', body));
  });
});

describe('public addresses', () => {
  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    'not an address',
  ])('%s is not', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});

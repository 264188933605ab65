import { timestampedId, timestampedIdPattern } from './ids';

describe('timestampedIdPattern', () => {
  const pattern = timestampedIdPattern('KB');

  it('matches the ids timestampedId makes, today and in the far future', () => {
    expect(timestampedId('KB')).toMatch(pattern);
    expect(timestampedId('KB', new Date(8_640_000_000_000_000))).toMatch(pattern);
  });

  it('bounds the digits, so a valid id always fits the 100-character limit the router puts on a path parameter', () => {
    expect(`KB-${'1'.repeat(12)}-ABC123`).not.toMatch(pattern);
    expect(`KB-${'1'.repeat(17)}-ABC123`).not.toMatch(pattern);
    expect(`NOT-${'1'.repeat(16)}-ABC123`.length).toBeLessThan(100);
  });
});

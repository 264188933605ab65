import * as argon2 from 'argon2';
import { HASHING_SLOTS, PasswordHasher } from './password-hasher';

// Cheap parameters: what is tested is how many run at once, not argon2 itself.
const cheapHash = (password: string) => argon2.hash(password, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1 });

describe('PasswordHasher', () => {
  it('runs at most HASHING_SLOTS argon2 calls at once; the rest wait their turn', async () => {
    const hasher = new PasswordHasher();
    const stored = await cheapHash('secret');
    const callers = 12;
    const verdicts = Promise.all(Array.from({ length: callers }, () => hasher.verify(stored, 'secret')));
    await new Promise((resolve) => setImmediate(resolve));
    expect(hasher.load).toEqual({ running: HASHING_SLOTS, waiting: callers - HASHING_SLOTS });
    expect(await verdicts).toEqual(Array(callers).fill(true));
    expect(hasher.load).toEqual({ running: 0, waiting: 0 });
  });

  it('answers false for a stored hash argon2 cannot read, and frees its slot', async () => {
    const hasher = new PasswordHasher();
    expect(await hasher.verify('not-a-hash', 'secret')).toBe(false);
    expect(await hasher.verify(await cheapHash('secret'), 'secret')).toBe(true);
    expect(hasher.load).toEqual({ running: 0, waiting: 0 });
  });
});

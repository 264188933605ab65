import {
  FREE_FAILURES_PER_USERNAME,
  USERNAME_DELAY_CAP_MS,
  USERNAME_DELAY_FIRST_MS,
  throttleKeys,
  usernameDelayMs,
} from './login-throttle.policy';
import { Clock } from '../../common/clock/clock';

describe('usernameDelayMs', () => {
  it('waits nothing for the first failures, then 1 s doubling per failure up to 16 s', () => {
    const delays = Array.from({ length: 12 }, (_, failures) => usernameDelayMs(failures));
    expect(delays).toEqual([0, 0, 0, 0, 0, 1000, 2000, 4000, 8000, 16_000, 16_000, 16_000]);
    expect(FREE_FAILURES_PER_USERNAME).toBe(5);
    expect(USERNAME_DELAY_FIRST_MS).toBe(1000);
  });

  it('stays at the cap however many failures pile up', () => {
    for (const failures of [20, 100, 1100, Number.MAX_SAFE_INTEGER]) {
      expect(usernameDelayMs(failures)).toBe(USERNAME_DELAY_CAP_MS);
    }
  });
});

describe('throttleKeys', () => {
  it('keeps every kind of key apart', () => {
    const keys = [
      throttleKeys.username('alice'),
      throttleKeys.address('alice'),
      throttleKeys.pair('alice', '10.0.0.1'),
      throttleKeys.session('alice'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names each (username, address) pair so both can be read back, whatever the username holds', () => {
    // Sign-in accepts any 1-50 characters as a username; addresses hold no space, so the first
    // space after the prefix ends the address.
    const cases: Array<[string, string]> = [
      ['alice', '10.0.0.1'],
      ['a b:c', '10.0.0.1'],
      [' pair:x ', '::1'],
      ['alice', '2001:db8::7'],
    ];
    for (const [username, address] of cases) {
      const rest = throttleKeys.pair(username, address).slice('pair:'.length);
      const space = rest.indexOf(' ');
      expect([rest.slice(space + 1), rest.slice(0, space)]).toEqual([username, address]);
    }
  });
});

describe('Clock', () => {
  it('waits with a timer at least as long as asked, leaving the event loop free meanwhile', async () => {
    const clock = new Clock();
    let turns = 0;
    const spin = setInterval(() => (turns += 1), 1);
    const started = performance.now();
    await clock.sleep(40);
    clearInterval(spin);
    // Timers never fire early (1 ms of slack for rounding between the two clocks).
    expect(performance.now() - started).toBeGreaterThanOrEqual(39);
    expect(turns).toBeGreaterThan(0);
  });
});

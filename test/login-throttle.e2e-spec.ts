import type { Response } from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { LogCapture } from './support/log-capture';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';
import { until } from './support/until';
import {
  FREE_FAILURES_PER_USERNAME,
  LOGIN_WINDOW_MS,
  MAX_DELAYED_SIGN_INS,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_PAIR,
  MAX_FAILURES_PER_SESSION,
  USERNAME_DELAY_CAP_MS,
  USERNAME_DELAY_FIRST_MS,
} from '../src/auth/login-throttle/login-throttle.policy';
import { Clock } from '../src/common/clock/clock';

jest.setTimeout(90_000);

const WINDOW_SECONDS = LOGIN_WINDOW_MS / 1000;
const WRONG = 'wrong-password-123';

let addressCounter = 0;
/** Every call a client address never seen before (TRUST_PROXY=true lets X-Forwarded-For pick it). */
const freshAddress = () => {
  addressCounter += 1;
  return `203.0.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
};

/**
 * The throttle's clock, replaced for these specs: `now` only moves when a spec advances it, and a
 * delay is recorded and, unless the spec holds delays, over at once. So the delays are read
 * exactly, windows end on demand, and nothing here sleeps.
 */
class ManualClock {
  nowMs = Date.now();
  /** Every delay the throttle asked for, in order. */
  readonly requested: number[] = [];
  readonly held: Array<() => void> = [];
  holding = false;

  advance(ms: number): void {
    this.nowMs += ms;
  }

  sleep(ms: number): Promise<void> {
    this.requested.push(ms);
    if (!this.holding) return Promise.resolve();
    return new Promise((resolve) => this.held.push(resolve));
  }

  releaseAll(): void {
    this.holding = false;
    for (const release of this.held.splice(0)) release();
  }

  /** The delays asked for while `action` ran (its answer arrives after any delay it caused). */
  async delaysDuring<T>(action: () => Promise<T>): Promise<{ result: T; delays: number[] }> {
    const before = this.requested.length;
    const result = await action();
    return { result, delays: this.requested.slice(before) };
  }
}

describe('login throttling', () => {
  let t: TestApp;
  const clock = new ManualClock();
  const logs = new LogCapture('info');

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename), { env: { TRUST_PROXY: 'true' }, logger: logs.logger });
    const appClock = t.app.get(Clock);
    jest.spyOn(appClock, 'now').mockImplementation(() => new Date(clock.nowMs));
    jest.spyOn(appClock, 'sleep').mockImplementation((ms: number) => clock.sleep(ms));
  });
  afterAll(async () => {
    clock.releaseAll();
    await t.close();
  });

  const login = (username: string, password: string, address: string) =>
    t.http.post('/auth/login').set('X-Forwarded-For', address).send({ username, password });

  /** Wrong passwords for `account`, each from an address of its own, one after another. */
  async function failFromEverywhere(account: TestAccount | string, times: number): Promise<void> {
    const username = typeof account === 'string' ? account : account.username;
    for (let i = 0; i < times; i += 1) await login(username, WRONG, freshAddress()).expect(401);
  }

  /** Checks the 429 envelope and answers its Retry-After in seconds. */
  const expectRateLimited = (res: Response) => {
    expect(res.status).toBe(429);
    expect(res.body.error).toMatchObject({
      code: 'RATE_LIMIT_EXCEEDED',
      message: expect.any(String),
      request_id: expect.any(String),
      context: expect.objectContaining({ endpoint: expect.any(String), method: 'POST' }),
    });
    return Number(res.headers['retry-after']);
  };

  describe('an attacker cannot lock an account out', () => {
    it('signs in with the right password from another address after eight failures from one', async () => {
      const account = await createAccount(t, 'user');
      const attacker = freshAddress();
      const statuses: number[] = [];
      for (let i = 0; i < 8; i += 1) statuses.push((await login(account.username, WRONG, attacker)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);

      await login(account.username, account.password, freshAddress()).expect(200);
    });

    it('signs in although five failures arrive every quarter of an hour, from anywhere', async () => {
      const account = await createAccount(t, 'admin');
      for (let round = 0; round < 3; round += 1) {
        await failFromEverywhere(account, FREE_FAILURES_PER_USERNAME);
        const { result, delays } = await clock.delaysDuring(() =>
          login(account.username, account.password, freshAddress()),
        );
        expect(result.status).toBe(200);
        // The right password waits out the username's delay, then signs in.
        expect(delays).toEqual([USERNAME_DELAY_FIRST_MS]);
        clock.advance(LOGIN_WINDOW_MS);
      }
    });
  });

  describe('hard limits', () => {
    it(`refuses a username from one address after ${MAX_FAILURES_PER_PAIR} failures there, even the right password, until the window ends`, async () => {
      const account = await createAccount(t, 'user');
      const other = await createAccount(t, 'user');
      const attacker = freshAddress();
      for (let i = 0; i < MAX_FAILURES_PER_PAIR; i += 1) await login(account.username, WRONG, attacker).expect(401);

      clock.advance(100_000);
      const refused = await login(account.username, account.password, attacker);
      expect(expectRateLimited(refused)).toBe(WINDOW_SECONDS - 100);
      expect(refused.body.error.details).toEqual({ retry_after_seconds: WINDOW_SECONDS - 100 });

      // Other accounts from that address, and this one from elsewhere, still sign in.
      await login(other.username, other.password, attacker).expect(200);
      await login(account.username, account.password, freshAddress()).expect(200);
      // That success ended the username's count, not this address's refusal.
      expect(expectRateLimited(await login(account.username, account.password, attacker))).toBe(WINDOW_SECONDS - 100);

      clock.advance((WINDOW_SECONDS - 100) * 1000);
      await login(account.username, account.password, attacker).expect(200);
    });

    it('refuses unknown usernames exactly like known ones', async () => {
      const attacker = freshAddress();
      for (let i = 0; i < MAX_FAILURES_PER_PAIR; i += 1) await login('ghost-user', WRONG, attacker).expect(401);
      expect(expectRateLimited(await login('ghost-user', WRONG, attacker))).toBe(WINDOW_SECONDS);
    });

    it(`refuses an address after ${MAX_FAILURES_PER_ADDRESS} failures across usernames; other addresses are unaffected`, async () => {
      const attacker = freshAddress();
      for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i += 1) await login(`sprayed-${i}`, WRONG, attacker).expect(401);
      clock.advance(60_000);
      const victim = await createAccount(t, 'user');
      expect(expectRateLimited(await login(victim.username, victim.password, attacker))).toBe(WINDOW_SECONDS - 60);
      await login(victim.username, victim.password, freshAddress()).expect(200);

      clock.advance((WINDOW_SECONDS - 60) * 1000);
      await login(victim.username, victim.password, attacker).expect(200);
    });

    it('counts the address and the pair apart: a success there clears the pair only', async () => {
      const account = await createAccount(t, 'user');
      const office = freshAddress();
      for (let round = 0; round < 2; round += 1) {
        for (let i = 0; i < MAX_FAILURES_PER_PAIR - 1; i += 1) await login(account.username, WRONG, office).expect(401);
        await login(account.username, account.password, office).expect(200);
      }
      // Eight failures stayed on the address: twelve more reach its limit.
      for (let i = 0; i < MAX_FAILURES_PER_ADDRESS - 2 * (MAX_FAILURES_PER_PAIR - 1); i += 1) {
        await login(`colleague-${i}`, WRONG, office).expect(401);
      }
      expectRateLimited(await login(account.username, account.password, office));
    });
  });

  describe('a growing delay per username', () => {
    it(`waits ${USERNAME_DELAY_FIRST_MS} ms after ${FREE_FAILURES_PER_USERNAME} failures from anywhere, doubling per failure up to ${USERNAME_DELAY_CAP_MS} ms; a success ends it`, async () => {
      const account = await createAccount(t, 'user');
      const perAttempt: number[][] = [];
      for (let i = 0; i < 11; i += 1) {
        const { result, delays } = await clock.delaysDuring(() => login(account.username, WRONG, freshAddress()));
        expect(result.status).toBe(401);
        perAttempt.push(delays);
      }
      expect(perAttempt).toEqual([[], [], [], [], [], [1000], [2000], [4000], [8000], [16000], [16000]]);

      const signIn = await clock.delaysDuring(() => login(account.username, account.password, freshAddress()));
      expect(signIn.result.status).toBe(200);
      expect(signIn.delays).toEqual([USERNAME_DELAY_CAP_MS]);

      const after = await clock.delaysDuring(() => login(account.username, WRONG, freshAddress()));
      expect(after.result.status).toBe(401);
      expect(after.delays).toEqual([]);
    });

    it('ends with the window: a quarter of an hour after the first failure the name is fresh again', async () => {
      const account = await createAccount(t, 'user');
      await failFromEverywhere(account, FREE_FAILURES_PER_USERNAME + 2);
      clock.advance(LOGIN_WINDOW_MS);
      const { result, delays } = await clock.delaysDuring(() => login(account.username, WRONG, freshAddress()));
      expect(result.status).toBe(401);
      expect(delays).toEqual([]);
    });

    it('holds nothing while a sign-in waits: other sign-ins and requests answer meanwhile', async () => {
      const account = await createAccount(t, 'user');
      const bystander = await createAccount(t, 'user');
      await failFromEverywhere(account, FREE_FAILURES_PER_USERNAME);
      clock.holding = true;
      const waiting = login(account.username, account.password, freshAddress()).then((res) => res.status);
      await until(
        () => clock.held.length,
        (n) => n === 1,
      );
      await login(bystander.username, bystander.password, freshAddress()).expect(200);
      await t.http.get('/health').expect(200);
      clock.releaseAll();
      expect(await waiting).toBe(200);
    });

    it(`answers 429 at once, the delay as Retry-After, while ${MAX_DELAYED_SIGN_INS} sign-ins already wait`, async () => {
      const account = await createAccount(t, 'user');
      await failFromEverywhere(account, FREE_FAILURES_PER_USERNAME);
      clock.holding = true;
      const attackers = Array.from({ length: MAX_DELAYED_SIGN_INS / MAX_FAILURES_PER_ADDRESS }, freshAddress);
      const waiting = attackers.flatMap((address) =>
        Array.from({ length: MAX_FAILURES_PER_ADDRESS }, () => login(account.username, WRONG, address)),
      );
      // supertest sends a request once it is awaited or `then`ed.
      const answers = Promise.all(waiting.map((request) => request.then((res) => res.status)));
      await until(
        () => clock.held.length,
        (n) => n === MAX_DELAYED_SIGN_INS,
        30_000,
      );

      const overflow = await login(account.username, account.password, freshAddress());
      expect(expectRateLimited(overflow)).toBe(USERNAME_DELAY_FIRST_MS / 1000);
      // Names nobody attacks wait for nothing, so they never queue behind the attack.
      const bystander = await createAccount(t, 'user');
      await login(bystander.username, bystander.password, freshAddress()).expect(200);

      clock.releaseAll();
      expect(new Set(await answers)).toEqual(new Set([401]));
      await login(account.username, account.password, freshAddress()).expect(200);
    });
  });

  describe('concurrency', () => {
    it(`lets exactly ${MAX_FAILURES_PER_ADDRESS} of 25 simultaneous wrong passwords from one address be checked`, async () => {
      const attacker = freshAddress();
      const statuses = (
        await Promise.all(Array.from({ length: 25 }, (_, i) => login(`burst-${i}`, WRONG, attacker)))
      ).map((res) => res.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILURES_PER_ADDRESS);
      expect(statuses.filter((s) => s === 429)).toHaveLength(25 - MAX_FAILURES_PER_ADDRESS);
    });

    it('counts N simultaneous wrong passwords for one username as N', async () => {
      const account = await createAccount(t, 'user');
      const n = FREE_FAILURES_PER_USERNAME + 2;
      const statuses = (
        await Promise.all(Array.from({ length: n }, () => login(account.username, WRONG, freshAddress())))
      ).map((res) => res.status);
      expect(statuses).toEqual(Array.from({ length: n }, () => 401));
      // After n failures the delay is the first one doubled (n - FREE) times.
      const next = await clock.delaysDuring(() => login(account.username, WRONG, freshAddress()));
      expect(next.delays).toEqual([USERNAME_DELAY_FIRST_MS * 2 ** (n - FREE_FAILURES_PER_USERNAME)]);
    });
  });

  describe('POST /auth/change-password', () => {
    it(`refuses a session after ${MAX_FAILURES_PER_SESSION} wrong current passwords; sign-in and the other sessions are untouched`, async () => {
      const account = await createAccount(t, 'user');
      const signIn = async () => {
        const res = await login(account.username, account.password, freshAddress()).expect(200);
        return { Authorization: `Bearer ${res.body.access_token as string}` };
      };
      const stolen = await signIn();
      const own = await signIn();
      const change = (auth: { Authorization: string }, current: string) =>
        t.http
          .post('/auth/change-password')
          .set(auth)
          .set('X-Forwarded-For', freshAddress())
          .send({ current_password: current, new_password: 'a-brand-new-password' });

      for (let i = 0; i < MAX_FAILURES_PER_SESSION; i += 1) await change(stolen, `guess-${i}`).expect(400);
      expect(expectRateLimited(await change(stolen, account.password))).toBe(WINDOW_SECONDS);

      // Guesses through a session neither delay nor block signing in.
      const { result, delays } = await clock.delaysDuring(() =>
        login(account.username, account.password, freshAddress()),
      );
      expect(result.status).toBe(200);
      expect(delays).toEqual([]);
      await change(own, account.password).expect(200);
    });
  });

  it('logs no warning about the proxy when TRUST_PROXY is set', () => {
    expect(logs.lines().filter((line) => line.event === 'trust_proxy_unset')).toEqual([]);
  });
});

describe('a proxy in front while TRUST_PROXY is unset', () => {
  it('warns once, at the first request carrying X-Forwarded-For, naming the proxy address', async () => {
    const logs = new LogCapture('info');
    const t = await startTestApp(uniqueDatabaseName(__filename), { logger: logs.logger });
    try {
      const warnings = () => logs.lines().filter((line) => line.event === 'trust_proxy_unset');
      // The answer is the barrier: the check runs as the request arrives, before it is answered.
      await t.http.get('/health').expect(200);
      expect(warnings()).toEqual([]);

      await t.http.get('/health').set('X-Forwarded-For', '198.51.100.7').expect(200);
      await t.http.post('/auth/login').set('X-Forwarded-For', '198.51.100.8').send({ username: 'x', password: 'y' });
      expect(warnings()).toEqual([
        expect.objectContaining({ level: 'warn', data: expect.objectContaining({ proxy_address: '127.0.0.1' }) }),
      ]);
    } finally {
      await t.close();
    }
  });
});

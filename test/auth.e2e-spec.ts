import { createAccount, signInAs, signedIn } from './support/accounts';
import { decodeJwtPayload, forgeJwt } from './support/jwt-forge';
import { LogCapture } from './support/log-capture';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

let addressCounter = 0;
/** Each test signs in from an address of its own, so throttling in one test cannot leak into another. */
const freshAddress = () => `198.51.100.${++addressCounter}`;

describe('auth', () => {
  let t: TestApp;
  const logs = new LogCapture('info');

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename), { env: { TRUST_PROXY: 'true' }, logger: logs.logger });
  });
  afterAll(() => t.close());

  const login = (username: unknown, password: unknown, address = freshAddress()) =>
    t.http.post('/auth/login').set('X-Forwarded-For', address).send({ username, password });

  describe('POST /auth/login', () => {
    it('signs in and answers the token pair with the user, never its hash', async () => {
      const account = await createAccount(t, 'user');
      const res = await login(account.username.toUpperCase(), account.password).expect(200);
      expect(res.body).toEqual({
        access_token: expect.any(String),
        token_type: 'bearer',
        expires_in: 900,
        refresh_token: expect.any(String),
        user: expect.objectContaining({ id: account.id, username: account.username, role: 'user', is_active: true }),
      });
      expect(res.body.user.last_login).toEqual(expect.any(String));
      expect(JSON.stringify(res.body)).not.toMatch(/password/);

      const claims = decodeJwtPayload(res.body.access_token);
      expect(claims).toEqual({
        sub: account.id,
        role: 'user',
        sid: expect.stringMatching(/^[0-9a-f]{24}$/),
        jti: expect.any(String),
        iat: expect.any(Number),
        exp: expect.any(Number),
      });
      expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(900);
      expect(JSON.parse(Buffer.from(res.body.access_token.split('.')[0], 'base64url').toString())).toMatchObject({
        alg: 'HS256',
      });
    });

    it('answers a wrong password, an unknown user and a deactivated user alike', async () => {
      const active = await createAccount(t, 'user');
      const inactive = await createAccount(t, 'user', { is_active: false });
      const answers = await Promise.all([
        login(active.username, 'wrong-password-123'),
        login('nobody-by-this-name', 'wrong-password-123'),
        login(inactive.username, inactive.password),
      ]);
      for (const res of answers) {
        expect(res.status).toBe(401);
        expect(res.body.error).toMatchObject({ code: 'AUTH_INVALID', message: 'Invalid username or password' });
      }
    });

    it('takes similar time for unknown users and wrong passwords', async () => {
      const account = await createAccount(t, 'user', { productionHash: true });
      const timeOne = async (username: string) => {
        const started = performance.now();
        await login(username, 'wrong-password-123').expect(401);
        return performance.now() - started;
      };
      // The two kinds alternate, so a burst of load from a neighbouring Jest worker slows both alike
      // instead of one whole batch; the median of nine ignores the odd stalled sample.
      const knownTimes: number[] = [];
      const unknownTimes: number[] = [];
      for (let i = 0; i < 9; i += 1) {
        knownTimes.push(await timeOne(account.username));
        unknownTimes.push(await timeOne('no-such-user-anywhere'));
      }
      const median = (times: number[]) => times.sort((a, b) => a - b)[4]!;
      const known = median(knownTimes);
      const unknown = median(unknownTimes);
      // Without the dummy hash an unknown user answers about ten times faster than a known one.
      expect(unknown / known).toBeGreaterThan(0.5);
      expect(unknown / known).toBeLessThan(2);
    });

    it.each([
      ['an operator object', { username: { $ne: null }, password: 'x' }],
      ['an array', { username: ['admin'], password: 'x' }],
      ['a number', { username: 42, password: 'x' }],
      ['a missing password', { username: 'admin' }],
      ['an over-long username', { username: 'a'.repeat(51), password: 'x' }],
      ['an over-long password', { username: 'admin', password: 'p'.repeat(129) }],
      ['an extra field', { username: 'admin', password: 'x', role: 'admin' }],
    ])('refuses %s with 400 VALIDATION_ERROR', async (_label, body) => {
      const res = await t.http.post('/auth/login').set('X-Forwarded-For', freshAddress()).send(body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    });

    it('never logs a password or token', async () => {
      const account = await createAccount(t, 'user');
      const session = await signInAs(t, account);
      await login(account.username, 'a-wrong-password-xyz').expect(401);
      await t.http.get('/auth/me').set(session.auth).expect(200);
      const text = logs.text();
      for (const secret of [account.password, 'a-wrong-password-xyz', session.accessToken, session.refreshToken]) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toContain('$argon2id$');
    });
  });

  // Login throttling (limits per address and per username with address, the delay per username,
  // change-password's limit per session) has its own file: login-throttle.e2e-spec.ts.

  describe('access tokens', () => {
    const secret = 'test-secret-that-is-long-enough-0123456789abcdef';

    async function liveClaims() {
      const session = await signedIn(t, 'user');
      return { session, claims: decodeJwtPayload(session.accessToken) };
    }

    const expectRejected = async (token: string) => {
      const res = await t.http.get('/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(res.body.error.code).toBe('AUTH_INVALID');
    };

    it('GET /auth/me answers the caller with a valid token', async () => {
      const session = await signedIn(t, 'it_agent');
      const res = await t.http.get('/auth/me').set(session.auth).expect(200);
      expect(res.body).toMatchObject({ id: session.id, username: session.username, role: 'it_agent' });
      expect(res.body).not.toHaveProperty('password_hash');
    });

    it('rejects a request without a token, and with a malformed header', async () => {
      const missing = await t.http.get('/auth/me').expect(401);
      expect(missing.body.error).toMatchObject({ code: 'AUTH_INVALID', context: { user_id: null } });
      await t.http.get('/auth/me').set('Authorization', 'Basic abc').expect(401);
      await expectRejected('not-a-jwt');
    });

    it('rejects alg: none', async () => {
      const { claims } = await liveClaims();
      await expectRejected(forgeJwt({ alg: 'none', typ: 'JWT' }, claims));
    });

    it('rejects a wrong signature', async () => {
      const { claims } = await liveClaims();
      await expectRejected(forgeJwt({ alg: 'HS256', typ: 'JWT' }, claims, 'another-secret-of-sufficient-length-000'));
    });

    it('rejects tampered claims (a user promoting itself to admin)', async () => {
      const { session } = await liveClaims();
      const [header, , signature] = session.accessToken.split('.');
      const payload = { ...decodeJwtPayload(session.accessToken), role: 'admin' };
      const tampered = `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
      await expectRejected(tampered);
      await t.http.get('/users').set('Authorization', `Bearer ${tampered}`).expect(401);
    });

    it('rejects another algorithm signed with the right secret', async () => {
      const { claims } = await liveClaims();
      await expectRejected(forgeJwt({ alg: 'HS512', typ: 'JWT' }, claims, secret));
    });

    it('rejects a correctly signed token without exp', async () => {
      const { claims } = await liveClaims();
      const { exp, ...withoutExp } = claims;
      expect(exp).toEqual(expect.any(Number));
      await expectRejected(forgeJwt({ alg: 'HS256', typ: 'JWT' }, withoutExp, secret));
    });

    it('rejects an expired token', async () => {
      const { claims } = await liveClaims();
      const past = Math.floor(Date.now() / 1000) - 3600;
      const res = await t.http
        .get('/auth/me')
        .set('Authorization', `Bearer ${forgeJwt({ alg: 'HS256' }, { ...claims, iat: past - 900, exp: past }, secret)}`)
        .expect(401);
      expect(res.body.error.message).toBe('The access token has expired');
    });

    it('rejects a correctly signed token whose session does not exist', async () => {
      const { claims } = await liveClaims();
      await expectRejected(forgeJwt({ alg: 'HS256' }, { ...claims, sid: '0123456789abcdef01234567' }, secret));
    });
  });

  describe('refresh tokens', () => {
    const refresh = (token: string) => t.http.post('/auth/refresh').send({ refresh_token: token });

    it('rotates: a refresh answers a new pair, and the new access token works', async () => {
      const session = await signedIn(t, 'user');
      const res = await refresh(session.refreshToken).expect(200);
      expect(res.body.refresh_token).not.toBe(session.refreshToken);
      expect(res.body.access_token).not.toBe(session.accessToken);
      expect(decodeJwtPayload(res.body.access_token)['sid']).toBe(decodeJwtPayload(session.accessToken)['sid']);
      await t.http.get('/auth/me').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    });

    it('stores refresh tokens only as hashes', async () => {
      const session = await signedIn(t, 'user');
      const stored = await t.connection.collection('refresh_tokens').find().toArray();
      expect(JSON.stringify(stored)).not.toContain(session.refreshToken);
      expect(stored.every((doc) => /^[0-9a-f]{64}$/.test(String(doc['token_hash'])))).toBe(true);
    });

    it('on reuse of a spent token revokes the whole family, descendants included', async () => {
      const session = await signedIn(t, 'user');
      const second = (await refresh(session.refreshToken).expect(200)).body;
      const third = (await refresh(second.refresh_token).expect(200)).body;

      const reuse = await refresh(session.refreshToken).expect(401);
      expect(reuse.body.error.code).toBe('AUTH_INVALID');

      await refresh(third.refresh_token).expect(401);
      await t.http.get('/auth/me').set('Authorization', `Bearer ${third.access_token}`).expect(401);
      await t.http.get('/auth/me').set(session.auth).expect(401);
    });

    it('lets exactly one of several simultaneous refreshes with the same token succeed', async () => {
      const session = await signedIn(t, 'user');
      const results = await Promise.all(Array.from({ length: 5 }, () => refresh(session.refreshToken)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    });

    it('rejects unknown and malformed refresh tokens', async () => {
      await refresh('x'.repeat(43)).expect(401);
      const bad = await t.http
        .post('/auth/refresh')
        .send({ refresh_token: { $ne: null } })
        .expect(400);
      expect(bad.body.error.code).toBe('VALIDATION_ERROR');
      await t.http.post('/auth/refresh').send({}).expect(400);
    });
  });

  describe('POST /auth/logout', () => {
    it("ends this session at once (access and refresh) and leaves the user's other sessions alone", async () => {
      const account = await createAccount(t, 'user');
      const phone = await signInAs(t, account);
      const laptop = await signInAs(t, account);

      const res = await t.http.post('/auth/logout').set(phone.auth).expect(200);
      expect(res.body).toEqual({ message: 'Logout successful' });

      await t.http.get('/auth/me').set(phone.auth).expect(401);
      await t.http.post('/auth/refresh').send({ refresh_token: phone.refreshToken }).expect(401);
      await t.http.get('/auth/me').set(laptop.auth).expect(200);
    });

    it('requires a token', async () => {
      await t.http.post('/auth/logout').expect(401);
    });
  });

  describe('POST /auth/change-password', () => {
    it('changes the password and ends every session of the user', async () => {
      const account = await createAccount(t, 'user');
      const one = await signInAs(t, account);
      const two = await signInAs(t, account);
      const res = await t.http
        .post('/auth/change-password')
        .set(one.auth)
        .send({ current_password: account.password, new_password: 'a-brand-new-password' })
        .expect(200);
      expect(res.body.message).toMatch(/Password changed/);

      for (const session of [one, two]) {
        await t.http.get('/auth/me').set(session.auth).expect(401);
        await t.http.post('/auth/refresh').send({ refresh_token: session.refreshToken }).expect(401);
      }
      await login(account.username, account.password).expect(401);
      await login(account.username, 'a-brand-new-password').expect(200);
    });

    it.each([
      [
        'a wrong current password',
        (p: string) => ({ current_password: `${p}-nope`, new_password: 'a-brand-new-password' }),
        'current_password',
      ],
      ['a too short new password', (p: string) => ({ current_password: p, new_password: 'short' }), 'new_password'],
      ['the same password again', (p: string) => ({ current_password: p, new_password: p }), 'new_password'],
      [
        'an operator object',
        () => ({ current_password: { $gt: '' }, new_password: 'a-brand-new-password' }),
        'current_password',
      ],
    ])('refuses %s with 400 and keeps the password and sessions', async (_label, body, field) => {
      const account = await createAccount(t, 'user', { password: 'the-original-password' });
      const session = await signInAs(t, account);
      const res = await t.http.post('/auth/change-password').set(session.auth).send(body(account.password)).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      await t.http.get('/auth/me').set(session.auth).expect(200);
    });

    it('requires a token', async () => {
      await t.http
        .post('/auth/change-password')
        .send({ current_password: 'a', new_password: 'b'.repeat(12) })
        .expect(401);
    });
  });
});

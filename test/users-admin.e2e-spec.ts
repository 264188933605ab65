import { Types } from 'mongoose';
import { createAccount, signInAs, signedIn, type SignedIn } from './support/accounts';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

describe('user administration', () => {
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename));
    admin = await signedIn(t, 'admin');
  });
  afterAll(() => t.close());

  const users = () => t.connection.collection('users');
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    username: `new-${new Types.ObjectId().toHexString().slice(-8)}`,
    email: `${new Types.ObjectId().toHexString().slice(-8)}@example.com`,
    password: 'a-good-long-password',
    role: 'user',
    ...overrides,
  });

  describe('role guards', () => {
    const SOME_ID = '0123456789abcdef01234567';
    const endpoints = [
      ['POST /users', (auth: Record<string, string>) => t.http.post('/users').set(auth).send(newUser())],
      ['GET /users', (auth: Record<string, string>) => t.http.get('/users').set(auth)],
      ['GET /users/{id}', (auth: Record<string, string>) => t.http.get(`/users/${SOME_ID}`).set(auth)],
      [
        'PATCH /users/{id}',
        (auth: Record<string, string>) => t.http.patch(`/users/${SOME_ID}`).set(auth).send({ is_active: true }),
      ],
    ] as const;

    it.each(endpoints)('%s: 401 without a token', async (_name, call) => {
      const res = await call({});
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('AUTH_INVALID');
    });

    it.each(
      endpoints.flatMap(([name, call]) =>
        (['user', 'it_agent', 'hr_agent'] as const).map((role) => [name, role, call] as const),
      ),
    )('%s: 403 for %s', async (_name, role, call) => {
      const caller = await signedIn(t, role);
      const res = await call(caller.auth);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('AUTHZ_FORBIDDEN');
    });

    it.each(endpoints)('%s: allowed for admin', async (_name, call) => {
      const res = await call(admin.auth);
      expect([200, 201, 404]).toContain(res.status); // 404: the made-up id, after the role check passed
    });
  });

  describe('POST /users', () => {
    it('creates an account that can sign in, storing an argon2id hash and never returning it', async () => {
      const body = newUser({ username: 'Carol.Smith', email: 'Carol@Example.com', role: 'hr_agent' });
      const res = await t.http.post('/users').set(admin.auth).send(body).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        username: 'carol.smith',
        email: 'carol@example.com',
        role: 'hr_agent',
        is_active: true,
        last_login: null,
        rate_limit_reset: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const stored = await users().findOne({ username: 'carol.smith' });
      // The production cost, whatever the test accounts around it were hashed with.
      expect(stored?.['password_hash']).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      await t.http.post('/auth/login').send({ username: 'carol.smith', password: body.password }).expect(200);
    });

    it.each([
      ['username', { username: 'dup-user' }, { username: 'DUP-USER' }],
      ['email', { email: 'dup@example.com' }, { email: 'Dup@Example.com' }],
    ])(
      'answers a duplicate %s with 409 CONFLICT naming the field, without driver text',
      async (field, first, second) => {
        await t.http.post('/users').set(admin.auth).send(newUser(first)).expect(201);
        const res = await t.http.post('/users').set(admin.auth).send(newUser(second)).expect(409);
        expect(res.body.error).toMatchObject({ code: 'CONFLICT', details: { field } });
        expect(JSON.stringify(res.body)).not.toMatch(/E11000|duplicate key|index/i);
      },
    );

    it.each([
      ['an operator object', { username: { $ne: null } }],
      ['an array', { username: ['a', 'b'] }],
      ['a number', { email: 42 }],
      ['a missing password', { password: undefined }],
      ['an unknown role', { role: 'superuser' }],
      ['a short password', { password: 'short' }],
      ['an over-long username', { username: 'u'.repeat(51) }],
      ['a username with spaces', { username: 'bad name' }],
      ['an invalid email', { email: 'not-an-email' }],
      ['a password_hash', { password_hash: '$argon2id$forged' }],
      ['an unknown field', { is_admin: true }],
    ])('refuses %s with 400 and stores nothing', async (_label, overrides) => {
      const before = await users().countDocuments();
      const res = await t.http.post('/users').set(admin.auth).send(newUser(overrides)).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(await users().countDocuments()).toBe(before);
    });
  });

  describe('GET /users', () => {
    it('filters by role and is_active, newest first, paginated', async () => {
      const fresh = await startTestApp(uniqueDatabaseName(__filename));
      try {
        const boss = await signedIn(fresh, 'admin');
        const made: string[] = [];
        for (let i = 0; i < 11; i += 1) {
          made.push((await createAccount(fresh, i % 2 === 0 ? 'it_agent' : 'user', { is_active: i !== 3 })).id);
        }
        const all = await fresh.http.get('/users?limit=5&page=3').set(boss.auth).expect(200);
        expect(all.body.total_count).toBe(12);
        expect(all.body.pagination).toEqual({ page: 3, limit: 5, total_pages: 3, has_next: false, has_prev: true });
        expect(all.body.users.map((u: { id: string }) => u.id)).toEqual([made[0], boss.id]);

        const agents = await fresh.http.get('/users?role=it_agent&limit=100').set(boss.auth).expect(200);
        expect(agents.body.total_count).toBe(6);
        expect(agents.body.users.every((u: { role: string }) => u.role === 'it_agent')).toBe(true);

        const inactive = await fresh.http.get('/users?is_active=false').set(boss.auth).expect(200);
        expect(inactive.body.users.map((u: { id: string }) => u.id)).toEqual([made[3]]);
        expect(JSON.stringify(agents.body)).not.toContain('password');
      } finally {
        await fresh.close();
      }
    });

    it.each([
      'page=0',
      'limit=0',
      'limit=101',
      'limit=10000',
      'role=unknown',
      'is_active=maybe',
      'role[$ne]=x',
      'other=1',
    ])('answers 400 for %s', async (query) => {
      const res = await t.http.get(`/users?${query}`).set(admin.auth).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    });
  });

  describe('GET /users/{id}', () => {
    it('answers one user, 404 for an unknown id and 400 for a malformed one', async () => {
      const account = await createAccount(t, 'user');
      const res = await t.http.get(`/users/${account.id}`).set(admin.auth).expect(200);
      expect(res.body).toMatchObject({ id: account.id, username: account.username });
      expect(res.body).not.toHaveProperty('password_hash');
      await t.http.get(`/users/${new Types.ObjectId().toHexString()}`).set(admin.auth).expect(404);
      for (const bad of ['abc', '123', 'abcdefghijkl']) {
        const malformed = await t.http.get(`/users/${bad}`).set(admin.auth).expect(400);
        expect(malformed.body.error.code).toBe('VALIDATION_ERROR');
      }
    });
  });

  describe('PATCH /users/{id}', () => {
    it('changes e-mail (lower-cased), role and is_active; an empty body is a 400 that changes nothing', async () => {
      const account = await createAccount(t, 'user');
      const res = await t.http
        .patch(`/users/${account.id}`)
        .set(admin.auth)
        .send({ email: 'New.Address@Example.com', role: 'it_agent' })
        .expect(200);
      expect(res.body).toMatchObject({ email: 'new.address@example.com', role: 'it_agent', is_active: true });
      const empty = await t.http.patch(`/users/${account.id}`).set(admin.auth).send({}).expect(400);
      expect(empty.body.error.message).toMatch(/^Nothing to change/);
      const same = await t.http.get(`/users/${account.id}`).set(admin.auth).expect(200);
      expect(same.body).toMatchObject({ email: 'new.address@example.com', role: 'it_agent' });
    });

    it('answers an e-mail taken by someone else with 409', async () => {
      const [a, b] = await Promise.all([createAccount(t, 'user'), createAccount(t, 'user')]);
      const res = await t.http.patch(`/users/${a.id}`).set(admin.auth).send({ email: b.email }).expect(409);
      expect(res.body.error.details).toEqual({ field: 'email' });
    });

    it.each([
      { password: 'a-new-long-password' },
      { role: 'root' },
      { is_active: 'yes' },
      { username: 'renamed' },
      { email: 'x' },
      { email: null },
      { role: null },
      { is_active: null },
    ])('refuses %j with 400, changing nothing', async (body) => {
      const account = await createAccount(t, 'user');
      await t.http.patch(`/users/${account.id}`).set(admin.auth).send(body).expect(400);
      expect(await users().findOne({ _id: new Types.ObjectId(account.id) })).toMatchObject({
        role: 'user',
        is_active: true,
        username: account.username,
      });
    });

    it('deactivation ends every session at once and stops sign-in; reactivation allows it again', async () => {
      const account = await createAccount(t, 'user');
      const one = await signInAs(t, account);
      const two = await signInAs(t, account);
      await t.http.patch(`/users/${account.id}`).set(admin.auth).send({ is_active: false }).expect(200);
      for (const session of [one, two]) {
        await t.http.get('/auth/me').set(session.auth).expect(401);
        await t.http.post('/auth/refresh').send({ refresh_token: session.refreshToken }).expect(401);
      }
      await t.http.post('/auth/login').send({ username: account.username, password: account.password }).expect(401);
      await t.http.patch(`/users/${account.id}`).set(admin.auth).send({ is_active: true }).expect(200);
      await signInAs(t, account);
    });

    it('a role change ends the sessions, so no token keeps the old role', async () => {
      const agent = await signedIn(t, 'it_agent');
      await t.http.patch(`/users/${agent.id}`).set(admin.auth).send({ role: 'user' }).expect(200);
      await t.http.get('/auth/me').set(agent.auth).expect(401);
      const again = await signInAs(t, agent);
      expect((await t.http.get('/auth/me').set(again.auth).expect(200)).body.role).toBe('user');
    });
  });

  describe('the last active admin', () => {
    it('cannot be deactivated or demoted, by itself or anyone; with a second admin it can', async () => {
      const solo = await startTestApp(uniqueDatabaseName(__filename));
      try {
        const only = await signedIn(solo, 'admin');
        for (const body of [{ is_active: false }, { role: 'user' }]) {
          const res = await solo.http.patch(`/users/${only.id}`).set(only.auth).send(body).expect(409);
          expect(res.body.error.code).toBe('CONFLICT');
          expect(await solo.connection.collection('users').findOne({ _id: new Types.ObjectId(only.id) })).toMatchObject(
            {
              role: 'admin',
              is_active: true,
            },
          );
        }
        // Nothing of a refused change stays, not even the parts that were allowed on their own.
        const mixed = await solo.http
          .patch(`/users/${only.id}`)
          .set(only.auth)
          .send({ is_active: false, email: 'changed-on-refusal@example.com' })
          .expect(409);
        expect(mixed.body.error.code).toBe('CONFLICT');
        expect(await solo.connection.collection('users').findOne({ _id: new Types.ObjectId(only.id) })).toMatchObject({
          email: only.email,
          is_active: true,
        });
        const second = await signedIn(solo, 'admin');
        await solo.http.patch(`/users/${only.id}`).set(second.auth).send({ role: 'user' }).expect(200);
        await solo.http.patch(`/users/${second.id}`).set(second.auth).send({ is_active: false }).expect(409);
      } finally {
        await solo.close();
      }
    });

    it('survives two admins demoting each other at the same moment', async () => {
      const pair = await startTestApp(uniqueDatabaseName(__filename));
      try {
        const [a, b] = await Promise.all([signedIn(pair, 'admin'), signedIn(pair, 'admin')]);
        await Promise.all([
          pair.http.patch(`/users/${b.id}`).set(a.auth).send({ role: 'user' }),
          pair.http.patch(`/users/${a.id}`).set(b.auth).send({ role: 'user' }),
        ]);
        expect(
          await pair.connection.collection('users').countDocuments({ role: 'admin', is_active: true }),
        ).toBeGreaterThanOrEqual(1);
      } finally {
        await pair.close();
      }
    });
  });
});

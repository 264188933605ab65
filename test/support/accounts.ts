import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import { PasswordHasher } from '../../src/users/password-hasher';
import { UsersRepository } from '../../src/users/users.repository';
import type { TestApp } from './test-app';
import type { UserRole } from '../../src/domain/user-role';

export interface TestAccount {
  id: string;
  username: string;
  email: string;
  password: string;
  role: UserRole;
}

export interface SignedIn extends TestAccount {
  accessToken: string;
  refreshToken: string;
  /** `{ Authorization: 'Bearer …' }` for supertest's `.set()`. */
  auth: { Authorization: string };
}

/**
 * Test accounts' hashes are argon2id at the smallest cost argon2 allows. A stored hash carries its
 * own parameters, so the app verifies it as it does any other; passwords set through the API (users
 * admin, password change, seed) still get the production cost. At the production cost the suite's
 * ~500 accounts and ~600 sign-ins spent about 45 s of its CPU on hashing that no spec was about.
 */
const TEST_ACCOUNT_HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 8, timeCost: 1, parallelism: 1 } as const;

/** A valid argon2id hash of the password at the test accounts' cost. */
export function testPasswordHash(password: string): Promise<string> {
  return argon2.hash(password, TEST_ACCOUNT_HASH_OPTIONS);
}

/** Stores an account directly (through the app's own repository), bypassing the API under test. */
export async function createAccount(
  t: TestApp,
  role: UserRole,
  overrides: Partial<Pick<TestAccount, 'username' | 'password'>> & {
    is_active?: boolean;
    /** Hash with the app's own hasher at the production cost, for specs that time a sign-in. */
    productionHash?: boolean;
  } = {},
): Promise<TestAccount> {
  const username = overrides.username ?? `${role.replace('_', '')}-${randomBytes(4).toString('hex')}`;
  const password = overrides.password ?? `pw-${randomBytes(8).toString('hex')}`;
  const email = `${username}@test.local`;
  const created = await t.app.get(UsersRepository).create({
    username,
    email,
    password_hash: overrides.productionHash
      ? await t.app.get(PasswordHasher).hash(password)
      : await testPasswordHash(password),
    role,
    is_active: overrides.is_active ?? true,
  });
  return { id: created.id, username, email, password, role };
}

export async function signInAs(t: TestApp, account: TestAccount): Promise<SignedIn> {
  const res = await t.http.post('/auth/login').send({ username: account.username, password: account.password });
  if (res.status !== 200) throw new Error(`sign-in of ${account.username} failed: ${res.status} ${res.text}`);
  const body = res.body as { access_token: string; refresh_token: string };
  return {
    ...account,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    auth: { Authorization: `Bearer ${body.access_token}` },
  };
}

/** A fresh account of the role, signed in. */
export async function signedIn(t: TestApp, role: UserRole): Promise<SignedIn> {
  return signInAs(t, await createAccount(t, role));
}

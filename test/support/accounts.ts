import { randomBytes } from 'node:crypto';
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

/** Stores an account directly (through the app's own repository and hasher), bypassing the API under test. */
export async function createAccount(
  t: TestApp,
  role: UserRole,
  overrides: Partial<Pick<TestAccount, 'username' | 'password'>> & { is_active?: boolean } = {},
): Promise<TestAccount> {
  const username = overrides.username ?? `${role.replace('_', '')}-${randomBytes(4).toString('hex')}`;
  const password = overrides.password ?? `pw-${randomBytes(8).toString('hex')}`;
  const email = `${username}@test.local`;
  const created = await t.app.get(UsersRepository).create({
    username,
    email,
    password_hash: await t.app.get(PasswordHasher).hash(password),
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

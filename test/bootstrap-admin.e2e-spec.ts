import { startTestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

interface StoredUser {
  username: string;
  email: string;
  role: string;
  is_active: boolean;
  password_hash: string;
}

describe('bootstrap admin', () => {
  const databaseName = uniqueDatabaseName(__filename);
  const adminEnv = {
    BOOTSTRAP_ADMIN_USERNAME: 'founder',
    BOOTSTRAP_ADMIN_PASSWORD: 'a-long-bootstrap-password',
    BOOTSTRAP_ADMIN_EMAIL: 'Founder@Example.com',
  };

  it('creates no user when BOOTSTRAP_ADMIN_* is not set', async () => {
    const t = await startTestApp(databaseName);
    expect(await t.connection.collection('users').countDocuments()).toBe(0);
    await t.close({ dropDatabase: false });
  });

  it('creates the configured admin on the first start, with an argon2id hash', async () => {
    const t = await startTestApp(databaseName, { env: adminEnv });
    const users = await t.connection.collection<StoredUser>('users').find().toArray();
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({
      username: 'founder',
      email: 'founder@example.com',
      role: 'admin',
      is_active: true,
    });
    expect(users[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(users[0]!.password_hash).not.toContain('a-long-bootstrap-password');
    await t.close({ dropDatabase: false });
  });

  it('creates nothing on later starts, even with other credentials, once an admin exists', async () => {
    const again = await startTestApp(databaseName, { env: adminEnv });
    await again.close({ dropDatabase: false });
    const other = await startTestApp(databaseName, {
      env: { BOOTSTRAP_ADMIN_USERNAME: 'intruder', BOOTSTRAP_ADMIN_PASSWORD: 'another-long-password' },
    });
    const users = await other.connection.collection<StoredUser>('users').find().toArray();
    expect(users.map((u) => u.username)).toEqual(['founder']);
    await other.close();
  });
});

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { verify } from 'argon2';
import { createConnection } from 'mongoose';
import { createAccount } from './support/accounts';
import { STARTER_DOCUMENTS } from '../src/knowledge/starter-documents';
import { DEMO_ACCOUNTS } from '../src/users/seed/demo-accounts';
import { baseTestEnv, uniqueDatabaseName } from './support/test-env';
import { startTestApp } from './support/test-app';

jest.setTimeout(60_000);

interface SeedRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run seed [-- args]` as its own process, the way an operator runs it. */
function runSeed(env: NodeJS.ProcessEnv, args: string[] = []): Promise<SeedRun> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, '..', 'src', 'seed.ts'), ...args],
    {
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

const DEMO_PASSWORDS = DEMO_ACCOUNTS.map((account) => account.password);

/** Every document of every collection in the database, for what must appear nowhere. */
async function databaseContents(databaseName: string): Promise<{ collections: string[]; text: string }> {
  const connection = await createConnection(process.env['MONGODB_URI']!, { dbName: databaseName }).asPromise();
  try {
    const names = (await connection.db!.listCollections().toArray()).map((c) => c.name).sort();
    const documents = await Promise.all(names.map((name) => connection.db!.collection(name).find().toArray()));
    return { collections: names, text: JSON.stringify(documents) };
  } finally {
    await connection.close();
  }
}

describe('demo accounts', () => {
  it('`npm run seed` creates one account per demo entry, prints the credentials, and is idempotent', async () => {
    const env = baseTestEnv(uniqueDatabaseName(__filename));
    const first = await runSeed(env);
    expect(first.code).toBe(0);
    for (const account of DEMO_ACCOUNTS) {
      expect(first.stdout).toMatch(
        new RegExp(`created\\s+${account.role}\\s+${account.username.replace('.', '\\.')}\\s+${account.password}`),
      );
    }
    expect(first.stdout).toContain(`Starter knowledge base: ${STARTER_DOCUMENTS.length} document(s) added`);
    const second = await runSeed(env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Starter knowledge base: 0 document(s) added');
    expect(second.stdout).not.toContain('created');
    expect(second.stdout.match(/existing/g)).toHaveLength(DEMO_ACCOUNTS.length);

    const t = await startTestApp(env['MONGODB_DB_NAME']!);
    try {
      const users = await t.connection.collection('users').find().toArray();
      expect(users.map((u) => u['username']).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
      expect(new Set(users.map((u) => u['role']))).toEqual(new Set(['admin', 'it_agent', 'hr_agent', 'user']));
      // Every printed credential signs in.
      for (const account of DEMO_ACCOUNTS) {
        await t.http.post('/auth/login').send({ username: account.username, password: account.password }).expect(200);
      }
      expect(await t.connection.collection('knowledge_base').countDocuments()).toBe(STARTER_DOCUMENTS.length);
      // The starter knowledge base answers the questions employees ask first.
      const alice = DEMO_ACCOUNTS.find((a) => a.role === 'user')!;
      const token = (await t.http.post('/auth/login').send({ username: alice.username, password: alice.password })).body
        .access_token as string;
      const answer = await t.http
        .post('/ai/self-serve-query')
        .set('Authorization', `Bearer ${token}`)
        .send({ query: 'How many vacation days do I get?' })
        .expect(200);
      expect(answer.body.answer).toContain('25 vacation days');
    } finally {
      await t.close();
    }
  });

  it('seeds an empty database at first start in development, and never again', async () => {
    const databaseName = uniqueDatabaseName(__filename);
    const first = await startTestApp(databaseName, { env: { NODE_ENV: 'development' } });
    expect(await first.connection.collection('users').countDocuments()).toBe(DEMO_ACCOUNTS.length);
    expect(await first.connection.collection('knowledge_base').countDocuments()).toBe(STARTER_DOCUMENTS.length);
    await first.connection.collection('users').deleteOne({ username: 'bob' });
    await first.close({ dropDatabase: false });

    const second = await startTestApp(databaseName, { env: { NODE_ENV: 'development' } });
    expect(await second.connection.collection('users').countDocuments()).toBe(DEMO_ACCOUNTS.length - 1);
    await second.close();
  });

  it('does not seed outside development', async () => {
    const t = await startTestApp(uniqueDatabaseName(__filename), { env: { NODE_ENV: 'test' } });
    expect(await t.connection.collection('users').countDocuments()).toBe(0);
    expect(await t.connection.collection('knowledge_base').countDocuments()).toBe(0);
    await t.close();
  });
});

describe('seeding a production database', () => {
  const productionEnv = (databaseName: string): NodeJS.ProcessEnv => ({
    ...baseTestEnv(databaseName),
    NODE_ENV: 'production',
  });
  const operatorAdmin = {
    // The demo admin's name on purpose: what must never be there is its published password.
    BOOTSTRAP_ADMIN_USERNAME: 'admin',
    BOOTSTRAP_ADMIN_PASSWORD: 'an-operator-chosen-password-7Kq',
    BOOTSTRAP_ADMIN_EMAIL: 'it-ops@example.com',
  };

  it('refuses with NODE_ENV=production unless forced: a clear message, exit 64, nothing written', async () => {
    const databaseName = uniqueDatabaseName(__filename);
    const run = await runSeed({ ...productionEnv(databaseName), ...operatorAdmin });
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('NODE_ENV is production');
    expect(run.stderr).toContain('--production');
    for (const password of [...DEMO_PASSWORDS, operatorAdmin.BOOTSTRAP_ADMIN_PASSWORD]) {
      expect(run.stdout + run.stderr).not.toContain(password);
    }
    expect((await databaseContents(databaseName)).collections).toEqual([]);
  });

  it.each([
    ['without BOOTSTRAP_ADMIN_*', {}, 'BOOTSTRAP_ADMIN_USERNAME'],
    [
      'with a published demo password as BOOTSTRAP_ADMIN_PASSWORD',
      { ...operatorAdmin, BOOTSTRAP_ADMIN_PASSWORD: DEMO_ACCOUNTS[0]!.password },
      'published demo password',
    ],
  ])('refuses --production %s, writing nothing', async (_label, adminEnv, named) => {
    const databaseName = uniqueDatabaseName(__filename);
    const run = await runSeed({ ...productionEnv(databaseName), ...adminEnv }, ['--production']);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain(named);
    for (const password of DEMO_PASSWORDS) expect(run.stdout + run.stderr).not.toContain(password);
    expect((await databaseContents(databaseName)).collections).toEqual([]);
  });

  it("with --production creates the starter knowledge base and the operator's admin, and no demo password anywhere", async () => {
    const databaseName = uniqueDatabaseName(__filename);
    const env = { ...productionEnv(databaseName), ...operatorAdmin };
    const first = await runSeed(env, ['--production']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/created\s+admin\s+admin\b/);
    expect(first.stdout).toContain(`Starter knowledge base: ${STARTER_DOCUMENTS.length} document(s) added`);
    // No password is printed: the operator chose this one, and no demo one exists.
    for (const password of [...DEMO_PASSWORDS, operatorAdmin.BOOTSTRAP_ADMIN_PASSWORD]) {
      expect(first.stdout + first.stderr).not.toContain(password);
    }

    const again = await runSeed(env, ['--production']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/existing\s+admin\s+\(an admin exists already/);
    expect(again.stdout).toContain('Starter knowledge base: 0 document(s) added');

    const contents = await databaseContents(databaseName);
    for (const password of DEMO_PASSWORDS) expect(contents.text).not.toContain(password);

    const t = await startTestApp(databaseName);
    try {
      const users = await t.connection.collection('users').find().toArray();
      expect(users.map((u) => [u['username'], u['role'], u['email']])).toEqual([
        ['admin', 'admin', 'it-ops@example.com'],
      ]);
      const hash = users[0]!['password_hash'] as string;
      for (const password of DEMO_PASSWORDS) expect(await verify(hash, password)).toBe(false);
      expect(await t.connection.collection('knowledge_base').countDocuments()).toBe(STARTER_DOCUMENTS.length);
      await t.http.post('/auth/login').send({ username: 'admin', password: DEMO_ACCOUNTS[0]!.password }).expect(401);
      await t.http
        .post('/auth/login')
        .send({ username: 'admin', password: operatorAdmin.BOOTSTRAP_ADMIN_PASSWORD })
        .expect(200);
    } finally {
      await t.close();
    }
  });

  it('with --production leaves an existing admin alone and creates no second one', async () => {
    const databaseName = uniqueDatabaseName(__filename);
    const founder = { ...operatorAdmin, BOOTSTRAP_ADMIN_USERNAME: 'founder', BOOTSTRAP_ADMIN_EMAIL: 'f@example.com' };
    expect((await runSeed({ ...productionEnv(databaseName), ...founder }, ['--production'])).code).toBe(0);
    const second = await runSeed({ ...productionEnv(databaseName), ...operatorAdmin }, ['--production']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('an admin exists already');
    const t = await startTestApp(databaseName);
    try {
      const users = await t.connection.collection('users').find().toArray();
      expect(users.map((u) => u['username'])).toEqual(['founder']);
    } finally {
      await t.close();
    }
  });

  it('with --production refuses a BOOTSTRAP_ADMIN_USERNAME that belongs to a non-admin, and adds nothing', async () => {
    const databaseName = uniqueDatabaseName(__filename);
    const t = await startTestApp(databaseName);
    try {
      await createAccount(t, 'user', { username: 'ops' });
      const run = await runSeed({ ...productionEnv(databaseName), ...operatorAdmin, BOOTSTRAP_ADMIN_USERNAME: 'ops' }, [
        '--production',
      ]);
      expect(run.code).toBe(64);
      expect(run.stderr).toContain('"ops" belongs to an account that is not an admin');
      const users = await t.connection.collection('users').find().toArray();
      expect(users.map((u) => [u['username'], u['role']])).toEqual([['ops', 'user']]);
      expect(await t.connection.collection('knowledge_base').countDocuments()).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('refuses an unknown argument before touching the database', async () => {
    const databaseName = uniqueDatabaseName(__filename);
    const run = await runSeed(baseTestEnv(databaseName), ['--prod']);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('--prod');
    expect((await databaseContents(databaseName)).collections).toEqual([]);
  });
});

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { STARTER_DOCUMENTS } from '../src/knowledge/starter-documents';
import { DEMO_ACCOUNTS } from '../src/users/seed/demo-accounts';
import { baseTestEnv, uniqueDatabaseName } from './support/test-env';
import { startTestApp } from './support/test-app';

jest.setTimeout(60_000);

function runSeed(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, '..', 'src', 'seed.ts')],
    {
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout })));
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

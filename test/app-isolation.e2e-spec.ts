import { signedIn } from './support/accounts';
import { startTestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

/**
 * Two instances in one process (as the specs, or side-by-side instances, run them) must not share
 * hidden state: each verifies tokens with its own secret against its own database.
 */
describe('several app instances in one process', () => {
  it('keep their own token verification, and one closing does not affect the other', async () => {
    const first = await startTestApp(uniqueDatabaseName(__filename));
    const second = await startTestApp(uniqueDatabaseName(__filename), {
      env: { JWT_SECRET: 'a-different-secret-for-the-second-app-0123456789' },
    });
    try {
      const [alice, bob] = await Promise.all([signedIn(first, 'admin'), signedIn(second, 'admin')]);
      await first.http.get('/users').set(alice.auth).expect(200);
      await second.http.get('/users').set(bob.auth).expect(200);
      // A token of one instance means nothing to the other.
      await first.http.get('/auth/me').set(bob.auth).expect(401);
      await second.http.get('/auth/me').set(alice.auth).expect(401);

      await second.close();
      await first.http.get('/users').set(alice.auth).expect(200);
    } finally {
      await first.close();
    }
  });

  it('authenticates concurrent requests each as its own caller', async () => {
    const t = await startTestApp(uniqueDatabaseName(__filename));
    try {
      const callers = await Promise.all(Array.from({ length: 8 }, () => signedIn(t, 'user')));
      const answers = await Promise.all(
        callers.flatMap((caller) => [1, 2, 3].map(() => t.http.get('/auth/me').set(caller.auth))),
      );
      const seen = answers.map((res) => `${res.status}:${(res.body as { id?: string }).id}`);
      expect(seen).toEqual(callers.flatMap((caller) => [1, 2, 3].map(() => `200:${caller.id}`)));
    } finally {
      await t.close();
    }
  });
});

import { firstThatStarts, LocalDatabaseUnavailableError, type DatabaseCandidate } from './local-database';
import type { LocalServer } from './server-process';

const server = (description: string) => ({ description }) as LocalServer;
const fails = (reason: string) => () => Promise.reject(new Error(reason));

describe('choosing a local database', () => {
  it('takes the first candidate that prepares and starts, and leaves the rest alone', async () => {
    const tried: string[] = [];
    const candidate = (name: string, outcome: 'ready' | 'unprepared' | 'fails to start'): DatabaseCandidate => ({
      prepare: () => {
        tried.push(`prepare ${name}`);
        return outcome === 'unprepared' ? Promise.reject(new Error(`${name} missing`)) : Promise.resolve();
      },
      start: () => {
        tried.push(`start ${name}`);
        return outcome === 'fails to start'
          ? Promise.reject(new Error(`${name} crashed`))
          : Promise.resolve(server(name));
      },
    });
    const chosen = await firstThatStarts(
      [
        candidate('a', 'unprepared'),
        candidate('b', 'fails to start'),
        candidate('c', 'ready'),
        candidate('d', 'ready'),
      ],
      'the development server',
    );
    expect(chosen.description).toBe('c');
    expect(tried).toEqual(['prepare a', 'prepare b', 'start b', 'prepare c', 'start c']);
  });

  it('says why every candidate failed, in order, and what to run, in one paragraph', async () => {
    const failure = firstThatStarts(
      [
        { prepare: fails('no MongoDB binary cached'), start: fails('never') },
        { prepare: () => Promise.resolve(), start: fails('SecantusDB exited at start') },
      ],
      'the tests',
    );
    await expect(failure).rejects.toBeInstanceOf(LocalDatabaseUnavailableError);
    await expect(failure).rejects.toThrow(
      /^No database for the tests: MONGODB_URI is not set, and no MongoDB binary cached; SecantusDB exited at start\. To fix it, install Rust .* `npm run db:install`.*; or point MONGODB_URI at a MongoDB 6\+ server, e\.g\. MONGODB_URI=mongodb:\/\/127\.0\.0\.1:27017\/helpdesk\.$/,
    );
  });
});

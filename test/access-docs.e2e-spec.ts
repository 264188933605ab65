import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

interface Operation {
  security?: Array<Record<string, string[]>>;
}

const SOME_OBJECT_ID = '0123456789abcdef01234567';

describe('access declared in the OpenAPI document', () => {
  let t: TestApp;
  let operations: Array<{ method: string; path: string; secured: boolean }>;

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename));
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => ({
        method,
        path: path.replace(/\{[^}]+\}/g, SOME_OBJECT_ID),
        secured: (operation.security ?? []).some((requirement) => 'bearer' in requirement),
      })),
    );
  });
  afterAll(() => t.close());

  it('documents the account endpoints', () => {
    const listed = operations.map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        'POST /auth/login',
        'POST /auth/refresh',
        'POST /auth/logout',
        'GET /auth/me',
        'POST /auth/change-password',
        'POST /users',
        'GET /users',
        `GET /users/${SOME_OBJECT_ID}`,
        `PATCH /users/${SOME_OBJECT_ID}`,
      ]),
    );
  });

  it('answers 401 without a token exactly where the document shows a lock', async () => {
    const mismatches: string[] = [];
    for (const { method, path, secured } of operations) {
      const res = await t.http[method as 'get' | 'post' | 'put' | 'patch' | 'delete'](path).send({});
      if ((res.status === 401) !== secured)
        mismatches.push(`${method.toUpperCase()} ${path}: ${res.status}, secured=${secured}`);
    }
    expect(mismatches).toEqual([]);
  });
});

import type { ExampleObject, OpenAPIObject } from '@nestjs/swagger';
import { DEMO_ACCOUNTS } from '../users/seed/demo-accounts';

/**
 * What the sign-in form in Swagger UI is filled with. Everywhere but development it is a
 * placeholder that cannot be mistaken for a real credential; the LoginDto decorators carry it.
 */
export const PLACEHOLDER_LOGIN = { username: 'alice', password: 'your-password' } as const;

export const LOGIN_PATH = '/auth/login';

/**
 * Development seeds the demo accounts into an empty database, so there the sign-in example is
 * one of them, ready to execute; the others are a pick away under "Examples". Requesters come
 * first: the sign-in answer's example user is one, and only requesters may raise tickets.
 */
export function demoLoginExamples(): Record<string, ExampleObject> {
  const byRole = [...DEMO_ACCOUNTS].sort((a, b) => Number(b.role === 'user') - Number(a.role === 'user'));
  return Object.fromEntries(
    byRole.map((account) => [
      account.username,
      {
        summary: `${account.username} (${account.role}, demo account)`,
        value: { username: account.username, password: account.password },
      },
    ]),
  );
}

/** Puts the demo accounts into the document's sign-in operation (development only). */
export function offerDemoLogins(document: OpenAPIObject): void {
  const login = document.paths[LOGIN_PATH]?.post;
  const body = login?.requestBody;
  const json = body && 'content' in body ? body.content['application/json'] : undefined;
  // Fail at start, not silently: a renamed route would otherwise drop the examples unnoticed.
  if (!login || !json) throw new Error(`The OpenAPI document has no JSON body for POST ${LOGIN_PATH}`);
  json.examples = demoLoginExamples();
  login.description =
    `${login.description ?? ''} In development the demo accounts seeded into an empty database are the ` +
    'examples: choose one under "Examples" and execute.';
}

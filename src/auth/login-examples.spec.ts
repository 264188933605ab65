import type { OpenAPIObject } from '@nestjs/swagger';
import { DEMO_ACCOUNTS } from '../users/seed/demo-accounts';
import { LOGIN_PATH, PLACEHOLDER_LOGIN, demoLoginExamples, offerDemoLogins } from './login-examples';

const documentWith = (paths: OpenAPIObject['paths']): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 'Helpdesk API', version: '1.0.0' },
  paths,
});

describe('sign-in examples', () => {
  it('offers every demo account with its own password, requesters first', () => {
    const examples = Object.values(demoLoginExamples());
    expect(examples.map((example) => example.value)).toEqual(
      expect.arrayContaining(DEMO_ACCOUNTS.map(({ username, password }) => ({ username, password }))),
    );
    expect(examples).toHaveLength(DEMO_ACCOUNTS.length);
    const roles = examples.map(
      (example) => DEMO_ACCOUNTS.find((a) => a.username === (example.value as { username: string }).username)!.role,
    );
    const requesters = roles.filter((role) => role === 'user').length;
    expect(requesters).toBeGreaterThan(0);
    expect(roles.slice(0, requesters).every((role) => role === 'user')).toBe(true);
    expect(examples[0]!.summary).toMatch(/demo account/);
  });

  it('uses a placeholder that is no demo password', () => {
    expect(DEMO_ACCOUNTS.map((a) => a.password)).not.toContain(PLACEHOLDER_LOGIN.password);
  });

  it("puts them into the sign-in operation's JSON body and says so in its description", () => {
    const document = documentWith({
      [LOGIN_PATH]: {
        post: {
          description: 'Sign in.',
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/LoginDto' } } } },
          responses: {},
        },
      },
    });
    offerDemoLogins(document);
    const operation = document.paths[LOGIN_PATH]!.post!;
    const body = operation.requestBody as { content: Record<string, { examples?: unknown }> };
    expect(body.content['application/json']!.examples).toEqual(demoLoginExamples());
    expect(operation.description).toMatch(/^Sign in\. In development the demo accounts/);
  });

  it('refuses a document without the sign-in operation rather than dropping the examples silently', () => {
    expect(() => offerDemoLogins(documentWith({}))).toThrow(`POST ${LOGIN_PATH}`);
  });
});

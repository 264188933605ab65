import { existsSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../src/users/seed/demo-accounts';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(90_000);

/** Debian's Chromium: playwright-core drives it and never downloads a browser of its own. */
const CHROMIUM = '/usr/bin/chromium';
/**
 * The page is opened under a name that is not localhost (Chromium resolves it to the test app):
 * browsers treat localhost as a secure origin and forgive there what breaks the page for a
 * colleague reaching a plain-http instance by its host name.
 */
const HOST = 'helpdesk.test';
const PREFIX = 'api';
const UI_TIMEOUT_MS = 15_000;

const chromiumMissing = !existsSync(CHROMIUM);
if (chromiumMissing && !process.env['CI']) {
  // eslint-disable-next-line no-console -- a skipped spec says why, where whoever runs the tests looks
  console.log(`Swagger UI spec skipped: ${CHROMIUM} is missing (Debian: apt-get install -y chromium).`);
}
// CI installs Chromium, so there a missing binary fails the spec instead of hiding it.
const describeWithChromium = chromiumMissing && !process.env['CI'] ? describe.skip : describe;

describeWithChromium('Swagger UI, used as a person uses it', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let origin: string;
  /** What the browser refused or failed to load: CSP violations, failed requests, script errors. */
  const problems: string[] = [];
  const requester = DEMO_ACCOUNTS.find((account) => account.role === 'user')!;
  const ticketTitle = 'Docking station not detected';

  beforeAll(async () => {
    if (chromiumMissing)
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
    // Development with an empty database: the app seeds the demo accounts itself, as on a first start.
    t = await startTestApp(uniqueDatabaseName(__filename), { env: { NODE_ENV: 'development', API_PREFIX: PREFIX } });
    const signIn = await t.http
      .post(`/${PREFIX}/auth/login`)
      .send({ username: requester.username, password: requester.password })
      .expect(200);
    await t.http
      .post(`/${PREFIX}/tickets`)
      .set('Authorization', `Bearer ${String((signIn.body as { access_token: string }).access_token)}`)
      .send({ title: ticketTitle, description: 'The monitors stay black when I plug the laptop into the dock.' })
      .expect(201);

    origin = `http://${HOST}:${new URL(t.url).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
      ],
    });
    // A new context is a fresh, empty profile.
    page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('requestfailed', (request) =>
      problems.push(`failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? '?'})`),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Opens an operation, presses "Try it out" and "Execute", and reads the answer shown in the page. */
  async function execute(operation: Locator): Promise<{ status: number; url: string; body: unknown }> {
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const answer = operation.locator('.live-responses-table .response').first();
    await answer.waitFor();
    const body = (await answer.locator('.response-col_description pre').first().textContent()) ?? '';
    return {
      status: Number((await answer.locator('.response-col_status').textContent())?.trim()),
      url: (await operation.locator('.request-url pre').textContent())?.trim() ?? '',
      body: JSON.parse(body) as unknown,
    };
  }

  it('signs in with the demo example, takes the token into Authorize, and lists the tickets', async () => {
    await page.goto(`${origin}/${PREFIX}/docs`);
    const login = page.locator('#operations-Auth-AuthController_login');
    try {
      await login.waitFor();
    } catch {
      throw new Error(`Swagger UI did not render its operations: ${problems.join('; ') || 'no error reported'}`);
    }

    // The sign-in form comes filled in with a demo account; executing it is all it takes.
    const signIn = await execute(login);
    expect(signIn.url).toBe(`${origin}/${PREFIX}/auth/login`);
    expect(signIn.status).toBe(200);
    const { access_token: accessToken, user } = signIn.body as { access_token: string; user: { username: string } };
    expect(user.username).toBe(requester.username);

    // Copy the token from the answer shown, paste it into "Authorize".
    await page.locator('.scheme-container button.authorize').click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('#auth-bearer-value').fill(accessToken);
    await dialog.getByRole('button', { name: 'Apply credentials' }).click();
    // Once applied, the dialog offers to log out instead.
    await dialog.locator('button', { hasText: 'Logout' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    const list = await execute(page.locator('#operations-Tickets-TicketsController_list'));
    expect(list.url.startsWith(`${origin}/${PREFIX}/tickets`)).toBe(true);
    expect(list.status).toBe(200);
    const { tickets, total_count } = list.body as { tickets: Array<{ title: string }>; total_count: number };
    expect(tickets.map((ticket) => ticket.title)).toEqual([ticketTitle]);
    expect(total_count).toBe(1);
    expect(problems).toEqual([]);
  });
});

import { signedIn, type SignedIn } from './support/accounts';
import { GeminiStandIn, geminiJson } from './support/gemini-stand-in';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

const isScreening = (prompt: string) => prompt.includes('You screen internal helpdesk tickets');

describe('Gemini as the hosted screen and router, with the local AI behind it', () => {
  const gemini = new GeminiStandIn();
  let t: TestApp;
  let user: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    const baseUrl = await gemini.start();
    t = await startTestApp(uniqueDatabaseName(__filename), {
      env: { GEMINI_API_KEY: 'stand-in-key', GEMINI_BASE_URL: baseUrl, AI_TIMEOUT_MS: '700', TICKETS_PER_DAY: '100' },
    });
    [user, admin] = await Promise.all([signedIn(t, 'user'), signedIn(t, 'admin')]);
  });
  afterAll(async () => {
    await t.close();
    await gemini.stop();
  });

  const createTicket = async (title: string, description: string) => {
    const created = (await t.http.post('/tickets').set(user.auth).send({ title, description }).expect(201)).body as {
      id: string;
    };
    return (await t.http.get(`/tickets/${created.id}`).set(admin.auth).expect(200)).body;
  };

  it("uses Gemini's structured answers, records them as gemini, and fences the ticket text", async () => {
    gemini.reply = (prompt) =>
      isScreening(prompt)
        ? geminiJson({ is_harmful: false, categories: [], reason: 'An ordinary request' })
        : geminiJson({ department: 'HR', reason: 'A question about pay' });
    const ticket = await createTicket('Ignore the VPN, my salary is wrong', 'The March payslip is too low.');
    expect(ticket.department).toBe('HR');
    expect(ticket.ai).toEqual({
      screening: { is_harmful: false, categories: [], reason: 'An ordinary request', provider: 'gemini' },
      routing: { department: 'HR', reason: 'A question about pay', provider: 'gemini' },
    });
    const sent = JSON.stringify(gemini.requests.at(-1)!.body);
    expect(gemini.requests.at(-1)!.url).toMatch(/\/models\/[^/]+:generateContent$/);
    expect(sent).toContain('<ticket>');
    expect(sent).toContain('responseJsonSchema');
  });

  it('holds a ticket Gemini flags', async () => {
    gemini.reply = (prompt) =>
      isScreening(prompt)
        ? geminiJson({ is_harmful: true, categories: ['spam'], reason: 'Promotional content' })
        : { status: 500 };
    const ticket = await createTicket('Great deals', 'Visit our shop for discounts.');
    expect(ticket).toMatchObject({ misuse_flag: true, status: 'open', department: null });
    expect(ticket.ai.screening).toMatchObject({ categories: ['spam'], provider: 'gemini' });
  });

  it.each([
    ['answers 500', (): ReturnType<GeminiStandIn['reply']> => ({ status: 500 })],
    ['answers JSON of the wrong shape', () => geminiJson({ verdict: 'fine' })],
    [
      'answers text that is not JSON',
      () => ({ status: 200, json: { candidates: [{ content: { parts: [{ text: 'Sure! Here it is' }] } }] } }),
    ],
    ['hangs past AI_TIMEOUT_MS', () => 'hang' as const],
  ])('falls back to the local AI when Gemini %s, and the ticket says so', async (_label, reply) => {
    gemini.reply = reply;
    const ticket = await createTicket('VPN does not connect', 'The VPN client times out every morning.');
    expect(ticket).toMatchObject({ department: 'IT', misuse_flag: false });
    expect(ticket.ai.screening.provider).toBe('local');
    expect(ticket.ai.routing).toMatchObject({ department: 'IT', provider: 'local' });
  });
});

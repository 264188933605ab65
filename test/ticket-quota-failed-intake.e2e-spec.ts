import { Types } from 'mongoose';
import { signedIn, type SignedIn } from './support/accounts';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

/**
 * A failed intake must not cost the requester one of their tickets. The store is made to fail
 * for real: a validator on the tickets collection, set in the database itself, refuses any
 * ticket whose description carries a marker, so the app's insert meets a genuine refusal
 * (MongoDB code 121) after the quota check, the harm screen, routing and assignment all passed.
 */
const REFUSED = 'refused-by-the-database';

describe('ticket quota when the store fails', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename), { env: { TICKETS_PER_DAY: '2' } });
    const db = t.connection.db!;
    if ((await db.listCollections({ name: 'tickets' }).toArray()).length === 0) await db.createCollection('tickets');
    await db.command({
      collMod: 'tickets',
      validator: { description: { $not: new RegExp(REFUSED) } },
      validationAction: 'error',
      validationLevel: 'strict',
    });
  });
  afterAll(() => t.close());

  const raise = (who: SignedIn, description: string) =>
    t.http.post('/tickets').set(who.auth).send({ title: 'Laptop is slow', description });
  const ticketsOf = (who: SignedIn) =>
    t.connection.collection('tickets').countDocuments({ user_id: new Types.ObjectId(who.id) });

  it('gives the slot back: after a refused store the requester still has all of their tickets', async () => {
    const user = await signedIn(t, 'user');
    const failed = await raise(user, `It takes minutes to start (${REFUSED}).`);
    expect(failed.status).toBe(500);
    expect(failed.body.error).toMatchObject({ code: 'INTERNAL_ERROR', context: { endpoint: '/tickets' } });
    expect(await ticketsOf(user)).toBe(0);

    await raise(user, 'It takes minutes to start.').expect(201);
    await raise(user, 'And the fan is loud.').expect(201);
    const refused = await raise(user, 'One too many.').expect(429);
    expect(refused.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(await ticketsOf(user)).toBe(2);
  });

  it('under concurrency, refused stores cost nothing and no third ticket slips through', async () => {
    const user = await signedIn(t, 'user');
    const bodies = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? `Slow ${i} (${REFUSED})` : `Slow ${i}`));
    const results = await Promise.all(bodies.map((description) => raise(user, description)));
    const statusOf = (i: number) => results[i]!.status;
    // A request the database refuses fails (or meets a full quota first); it never takes a slot,
    // so of the four storable requests exactly the limit get through.
    for (const i of bodies.keys()) if (i % 2 === 0) expect([500, 429]).toContain(statusOf(i));
    const storable = bodies
      .map((_, i) => i)
      .filter((i) => i % 2 === 1)
      .map(statusOf);
    expect(storable.filter((status) => status === 201)).toHaveLength(2);
    expect(storable.filter((status) => status === 429)).toHaveLength(2);
    expect(await ticketsOf(user)).toBe(2);
  });
});

import { signedIn, type SignedIn } from './support/accounts';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';

jest.setTimeout(60_000);

const DEFAULT_TARGETS = {
  high: { first_response_minutes: 60, resolution_minutes: 480 },
  medium: { first_response_minutes: 240, resolution_minutes: 1440 },
  low: { first_response_minutes: 480, resolution_minutes: 4320 },
};
const OFFICE = { time_zone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

/** SPEC §11.2: the SLA policy admins read and set. */
describe('GET/PUT /admin/sla-policy', () => {
  let t: TestApp;
  let admin: SignedIn;
  let agent: SignedIn;
  let user: SignedIn;

  beforeAll(async () => {
    t = await startTestApp(uniqueDatabaseName(__filename));
    [admin, agent, user] = await Promise.all([signedIn(t, 'admin'), signedIn(t, 'it_agent'), signedIn(t, 'user')]);
  });
  afterAll(() => t.close());

  const put = (body: unknown, who = admin) =>
    t.http
      .put('/admin/sla-policy')
      .set(who.auth)
      .send(body as object);

  it('answers the defaults until an admin sets a policy', async () => {
    const res = await t.http.get('/admin/sla-policy').set(admin.auth).expect(200);
    expect(res.body).toEqual({
      targets: DEFAULT_TARGETS,
      business_hours: null,
      holidays: [],
      reassign_on_breach: false,
      updated_at: null,
      updated_by: null,
    });
  });

  it('replaces the policy whole, and says who set it and when', async () => {
    const body = {
      targets: { ...DEFAULT_TARGETS, high: { first_response_minutes: 30, resolution_minutes: 240 } },
      business_hours: { ...OFFICE, days: [5, 1, 2, 3, 4] },
      holidays: ['2026-12-26', '2026-12-25'],
      reassign_on_breach: true,
    };
    const res = await put(body).expect(200);
    const expected = {
      targets: body.targets,
      business_hours: OFFICE,
      holidays: ['2026-12-25', '2026-12-26'],
      reassign_on_breach: true,
      updated_at: expect.any(String),
      updated_by: admin.id,
    };
    expect(res.body).toEqual(expected);
    expect((await t.http.get('/admin/sla-policy').set(admin.auth).expect(200)).body).toEqual(expected);

    // Leaving business_hours out is around the clock again.
    const around = await put({ targets: DEFAULT_TARGETS, holidays: [] }).expect(200);
    // And leaving reassign_on_breach out is no reassignment.
    expect(around.body).toMatchObject({ business_hours: null, holidays: [], reassign_on_breach: false });
  });

  it.each([
    [
      'a missing urgency',
      { targets: { high: DEFAULT_TARGETS.high, medium: DEFAULT_TARGETS.medium }, holidays: [] },
      'targets.low',
    ],
    [
      'a zero target',
      { targets: { ...DEFAULT_TARGETS, low: { first_response_minutes: 0, resolution_minutes: 10 } }, holidays: [] },
      'targets.low.first_response_minutes',
    ],
    [
      'a first response due after the resolution',
      {
        targets: { ...DEFAULT_TARGETS, medium: { first_response_minutes: 500, resolution_minutes: 400 } },
        holidays: [],
      },
      'targets.medium.first_response_minutes',
    ],
    [
      'an unknown time zone',
      { targets: DEFAULT_TARGETS, business_hours: { ...OFFICE, time_zone: 'Mars/Olympus' }, holidays: [] },
      'business_hours.time_zone',
    ],
    [
      'closing before opening',
      { targets: DEFAULT_TARGETS, business_hours: { ...OFFICE, start: '18:00' }, holidays: [] },
      'business_hours.end',
    ],
    [
      'a weekday 8',
      { targets: DEFAULT_TARGETS, business_hours: { ...OFFICE, days: [1, 8] }, holidays: [] },
      'business_hours.days',
    ],
    ['a date that does not exist', { targets: DEFAULT_TARGETS, holidays: ['2026-02-30'] }, 'holidays.0'],
    [
      'hours too short for the targets',
      { targets: DEFAULT_TARGETS, business_hours: { ...OFFICE, days: [1], end: '09:15' }, holidays: [] },
      'targets',
    ],
    ['an unknown field', { targets: DEFAULT_TARGETS, holidays: [], pause_on_weekends: true }, 'pause_on_weekends'],
    [
      'a reassign_on_breach that is not a boolean',
      { targets: DEFAULT_TARGETS, holidays: [], reassign_on_breach: 'yes' },
      'reassign_on_breach',
    ],
    ['a null business_hours', { targets: DEFAULT_TARGETS, business_hours: null, holidays: [] }, 'business_hours'],
  ])('refuses %s with 400 naming the field, and keeps the policy', async (_label, body, field) => {
    const before = (await t.http.get('/admin/sla-policy').set(admin.auth).expect(200)).body;
    const res = await put(body).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect((await t.http.get('/admin/sla-policy').set(admin.auth).expect(200)).body).toEqual(before);
  });

  it('is for admins only', async () => {
    for (const who of [agent, user]) {
      await t.http.get('/admin/sla-policy').set(who.auth).expect(403);
      await put({ targets: DEFAULT_TARGETS, holidays: [] }, who).expect(403);
    }
    await t.http.get('/admin/sla-policy').expect(401);
  });
});

import { SchedulerRegistry } from '@nestjs/schedule';
import { UsersRepository } from '../src/users/users.repository';
import { signedIn, type SignedIn } from './support/accounts';
import { LogCapture } from './support/log-capture';
import { startTestApp, type TestApp } from './support/test-app';
import { uniqueDatabaseName } from './support/test-env';
import { until } from './support/until';

jest.setTimeout(60_000);

interface RunSummary {
  run_id: string;
  trigger: 'scheduled' | 'manual';
  scheduled_for: string | null;
  started_at: string;
  finished_at: string;
  reports_by_type: Record<string, number>;
}

interface MisuseJobStatus {
  next_run_at: string;
  running: boolean;
  waiting_tick: { scheduled_for: string; waiting_since: string } | null;
  last_run: RunSummary | null;
}

const DUPLICATES = [
  ['Laptop is slow', 'My laptop takes ages to do anything.'],
  ['laptop is slow!!', 'my laptop takes ages to do anything'],
  ['My laptop is very slow', 'The laptop takes ages to open anything.'],
  ['Laptop running slow', 'Laptop takes forever to do anything at all.'],
];

/**
 * Holds the next batch of a run on that instance until released: the run is real (it holds the
 * real lease, reads and writes the real database), only its first read waits, so a spec can act
 * while a run is in progress without racing it.
 */
function holdNextRun(app: TestApp): () => void {
  const users = app.app.get(UsersRepository);
  const read = users.idsByRolePage.bind(users);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  jest.spyOn(users, 'idsByRolePage').mockImplementationOnce(async (...args) => {
    await gate;
    return read(...args);
  });
  return release;
}

/** The nightly tick, fired as the cron fires it (the job @nestjs/schedule registered). */
function fireNightlyTick(app: TestApp): void {
  void app.app.get(SchedulerRegistry).getCronJob('misuse_detection').fireOnTick();
}

describe('the nightly misuse tick', () => {
  let t: TestApp;
  let logs: LogCapture;
  let admin: SignedIn;

  beforeEach(async () => {
    logs = new LogCapture('info');
    t = await startTestApp(uniqueDatabaseName(__filename), { env: { TICKETS_PER_DAY: '100' }, logger: logs.logger });
    let duplicator: SignedIn;
    [admin, duplicator] = await Promise.all([signedIn(t, 'admin'), signedIn(t, 'user')]);
    for (const [title, description] of DUPLICATES)
      await t.http.post('/tickets').set(duplicator.auth).send({ title, description }).expect(201);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const statusOn = async (app: TestApp, who = admin) =>
    (await app.http.get('/admin/scheduler-status').set(who.auth).expect(200)).body.misuse_detection as MisuseJobStatus;
  const events = () => logs.lines().map((line) => line.event);

  it('that meets a manual run in progress waits, runs after it, and the status says so throughout', async () => {
    const release = holdNextRun(t);
    const manual = t.http
      .post('/admin/trigger-misuse-detection')
      .set(admin.auth)
      .send({})
      .then((res) => res);
    let manualRun: RunSummary;
    let scheduledFor: string;
    try {
      await until(
        () => statusOn(t),
        (status) => status.running,
      );
      scheduledFor = (await statusOn(t)).next_run_at;
      fireNightlyTick(t);
      const waiting = await until(
        () => statusOn(t),
        (status) => Boolean(status.waiting_tick),
      );
      expect(waiting).toMatchObject({ running: true, waiting_tick: { scheduled_for: scheduledFor } });
      expect(events()).toContain('misuse_detection_deferred');
    } finally {
      release();
      manualRun = (await manual).body as RunSummary;
    }
    expect(manualRun).toMatchObject({
      trigger: 'manual',
      scheduled_for: null,
      reports_by_type: { duplicate_tickets: 1 },
    });
    const after = await until(
      () => statusOn(t),
      (status) => status.last_run?.trigger === 'scheduled',
    );
    expect(after).toMatchObject({
      running: false,
      waiting_tick: null,
      last_run: { trigger: 'scheduled', scheduled_for: scheduledFor, reports_by_type: { duplicate_tickets: 1 } },
    });
    expect(new Date(after.last_run!.started_at).getTime()).toBeGreaterThanOrEqual(
      new Date(manualRun.finished_at).getTime(),
    );
    const runs = await t.connection.collection('job_runs').find().sort({ finished_at: 1 }).toArray();
    expect(runs.map((run) => run['summary'].trigger)).toEqual(['manual', 'scheduled']);
    expect(events()).not.toContain('misuse_detection_skipped_other_instance');
  });

  it('waits for a run on another instance the same way, and every instance reports it', async () => {
    const other = await startTestApp(t.config.database.dbName!, { env: { TICKETS_PER_DAY: '100' } });
    const release = holdNextRun(other);
    const manual = other.http
      .post('/admin/trigger-misuse-detection')
      .set(admin.auth)
      .send({})
      .then((res) => res);
    try {
      await until(
        () => statusOn(t),
        (status) => status.running,
      );
      const scheduledFor = (await statusOn(t)).next_run_at;
      fireNightlyTick(t);
      for (const app of [t, other]) {
        expect(
          await until(
            () => statusOn(app),
            (status) => Boolean(status.waiting_tick),
          ),
        ).toMatchObject({ running: true, waiting_tick: { scheduled_for: scheduledFor } });
      }

      release();
      expect((await manual).status).toBe(200);
      const after = await until(
        () => statusOn(other),
        (status) => status.last_run?.trigger === 'scheduled',
        10_000,
      );
      expect(after).toMatchObject({ waiting_tick: null, last_run: { scheduled_for: scheduledFor } });
    } finally {
      release();
      await manual;
      await other.close({ dropDatabase: false });
    }
  });

  it('stops being reported as waiting when the instance that waits for it stops', async () => {
    const otherLogs = new LogCapture('info');
    const other = await startTestApp(t.config.database.dbName!, {
      env: { TICKETS_PER_DAY: '100' },
      logger: otherLogs.logger,
    });
    let otherStopped = false;
    const release = holdNextRun(t);
    const manual = t.http
      .post('/admin/trigger-misuse-detection')
      .set(admin.auth)
      .send({})
      .then((res) => res);
    try {
      await until(
        () => statusOn(t),
        (status) => status.running,
      );
      fireNightlyTick(other);
      await until(
        () => statusOn(t),
        (status) => Boolean(status.waiting_tick),
      );
      await other.close({ dropDatabase: false });
      otherStopped = true;
      expect(await statusOn(t)).toMatchObject({ running: true, waiting_tick: null });
      expect(otherLogs.lines()).toContainEqual(
        expect.objectContaining({
          event: 'misuse_detection_tick_abandoned',
          data: expect.objectContaining({ reason: 'shutdown' }),
        }),
      );
    } finally {
      release();
      await manual;
      if (!otherStopped) await other.close({ dropDatabase: false });
    }
  });

  it('is run by one instance when several fire it; the others log that another instance has it', async () => {
    const otherLogs = new LogCapture('info');
    const other = await startTestApp(t.config.database.dbName!, {
      env: { TICKETS_PER_DAY: '100' },
      logger: otherLogs.logger,
    });
    try {
      fireNightlyTick(t);
      fireNightlyTick(other);
      await until(
        () => statusOn(t),
        (status) => status.last_run?.trigger === 'scheduled',
      );
      await until(
        () => [...logs.lines(), ...otherLogs.lines()].map((line) => line.event),
        (all) => all.includes('misuse_detection_skipped_other_instance'),
      );
      expect(await t.connection.collection('job_runs').countDocuments()).toBe(1);
    } finally {
      await other.close({ dropDatabase: false });
    }
  });

  describe('leases', () => {
    it('carry a TTL index on expires_at, so the database removes them once expired', async () => {
      const indexes = await t.connection.collection('job_leases').indexes();
      expect(indexes).toEqual(
        expect.arrayContaining([expect.objectContaining({ key: { expires_at: 1 }, expireAfterSeconds: 0 })]),
      );
    });

    it('leave nothing behind a manual run, and only a short-lived claim behind a tick', async () => {
      await t.http.post('/admin/trigger-misuse-detection').set(admin.auth).send({}).expect(200);
      expect(await t.connection.collection('job_leases').countDocuments()).toBe(0);

      const scheduledFor = new Date((await statusOn(t)).next_run_at);
      fireNightlyTick(t);
      await until(
        () => statusOn(t),
        (status) => status.last_run?.trigger === 'scheduled',
      );
      const leases = await t.connection.collection('job_leases').find().toArray();
      // The claim stays long enough that an instance firing late does not run the tick again,
      // and not for days: the database drops it 12 hours on.
      expect(leases).toEqual([expect.objectContaining({ _id: `misuse_detection@${scheduledFor.toISOString()}` })]);
      const lifetime = (leases[0]!['expires_at'] as Date).getTime() - Date.now();
      expect(lifetime).toBeGreaterThan(11 * 3_600_000);
      expect(lifetime).toBeLessThanOrEqual(12 * 3_600_000);
    });
  });
});

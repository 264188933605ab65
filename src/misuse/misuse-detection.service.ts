import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { DomainEventBus } from '../events/domain-events';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import { JobsRepository } from '../scheduler/jobs.repository';
import { TicketReportsRepository } from '../tickets/ticket-reports.repository';
import { UsersRepository } from '../users/users.repository';
import { detectMisuse } from './misuse-detector';
import { MisuseReportsRepository } from './misuse-reports.repository';
import type { DetectionWindowHours, MisuseType } from './misuse.types';
import type { ScreenedTicket } from '../tickets/ticket.types';

export const MISUSE_JOB = 'misuse_detection';
/** Users per batch: their tickets come in one query. */
const USER_BATCH = 500;
/** The lease outlives a stalled holder by this much at most; each batch renews it. */
const LEASE_TTL_MS = 120_000;
const MAX_FAILURES_LISTED = 20;
/**
 * How long a tick's claim is kept: far longer than instances' clocks and cron timers disagree
 * (a late instance finds the claim and does not run the tick again), short enough that claims do
 * not pile up (the database removes them after it).
 */
const TICK_CLAIM_TTL_MS = 12 * 3_600_000;
/** A tick waits at most this long for a run in progress, then gives up (logged): the claim expires soon after. */
const TICK_WAIT_LIMIT_MS = 11 * 3_600_000;
/** A waiting tick checks this often whether the run on another instance ended (one on this instance wakes it at once). */
const TICK_WAIT_POLL_MS = 2_000;
/** A waiting tick vouches for itself this far ahead, so the status stops reporting a waiter that died. */
const TICK_WAITER_ALIVE_MS = 5 * TICK_WAIT_POLL_MS;

export interface MisuseRunSummary {
  run_id: string;
  trigger: 'scheduled' | 'manual';
  /** The tick a scheduled run belongs to (it may start later, after a run in progress); null for manual runs. */
  scheduled_for: Date | null;
  window_hours: DetectionWindowHours;
  started_at: Date;
  finished_at: Date;
  duration_ms: number;
  users_scanned: number;
  tickets_scanned: number;
  reports_created: number;
  reports_updated: number;
  reports_by_type: Record<MisuseType, number>;
  failed_users: number;
  failures: Array<{ user_id: string; error: string }>;
  peak_heap_mb: number;
}

/** What became of one scheduled tick on this instance. */
export type ScheduledTickOutcome =
  | { outcome: 'ran'; summary: MisuseRunSummary }
  /** Another instance claimed the tick first: it runs it. */
  | { outcome: 'claimed_elsewhere' }
  /** The run in progress outlasted the wait, or this instance stopped while waiting. */
  | { outcome: 'abandoned'; reason: 'waited_too_long' | 'shutdown' };

/**
 * One run of the misuse job: requesters in batches, their window's tickets fetched per batch,
 * the detector per user, one report per user, type and day (created or refreshed). Only the
 * holder of the MongoDB lease runs; a failing user is counted and skipped; progress goes to the
 * admin room; the summary is kept for /admin/scheduler-status.
 */
@Injectable()
export class MisuseDetectionService implements OnModuleDestroy {
  private readonly logger: AppLogger;
  private readonly instanceId = randomUUID();
  private running = false;
  /** Runs this instance finished, so a tick waiting here wakes as soon as one ends. */
  private runsEnded = 0;
  private readonly wakeWaiters = new Set<() => void>();
  /** Stops waiting ticks when the app shuts down. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly users: UsersRepository,
    private readonly tickets: TicketReportsRepository,
    private readonly reports: MisuseReportsRepository,
    private readonly jobs: JobsRepository,
    private readonly events: DomainEventBus,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'misuse' });
  }

  onModuleDestroy(): void {
    this.stopping.abort();
  }

  /** A manual run: refused with 409 while another run (on any instance) holds the lease. */
  async runNow(windowHours: DetectionWindowHours): Promise<MisuseRunSummary> {
    if (!(await this.jobs.acquire(MISUSE_JOB, this.instanceId, LEASE_TTL_MS)))
      throw AppError.conflict('A misuse detection run is already in progress; try again when it ends');
    return this.runHoldingLease(windowHours, 'manual', null);
  }

  /**
   * A scheduled run: every instance's cron fires, the first to claim this tick runs it, the
   * others leave it. A tick that finds another run in progress (a manual run, here or on another
   * instance) waits for it to end and then runs: the running one may have started before tickets
   * the tick must see, or fail, so it does not count as the tick's run. While it waits, the claim
   * says so, for the scheduler status on every instance.
   */
  async runScheduled(scheduledFor: Date): Promise<ScheduledTickOutcome> {
    const claimedAt = new Date();
    if (!(await this.jobs.claimTick(MISUSE_JOB, scheduledFor, this.instanceId, TICK_CLAIM_TTL_MS, claimedAt)))
      return { outcome: 'claimed_elsewhere' };
    let waitingSince: Date | null = null;
    for (;;) {
      const runsEndedBefore = this.runsEnded;
      if (await this.jobs.acquire(MISUSE_JOB, this.instanceId, LEASE_TTL_MS)) {
        if (waitingSince) await this.jobs.clearTickWaiting(MISUSE_JOB, scheduledFor, this.instanceId);
        return { outcome: 'ran', summary: await this.runHoldingLease(24, 'scheduled', scheduledFor) };
      }
      const now = new Date();
      if (now.getTime() - claimedAt.getTime() >= TICK_WAIT_LIMIT_MS)
        return this.abandonTick(scheduledFor, 'waited_too_long');
      if (!waitingSince) {
        waitingSince = now;
        this.logger.info(
          { data: { scheduled_for: scheduledFor, holder: await this.jobs.holderOf(MISUSE_JOB) } },
          'misuse_detection_deferred',
        );
      }
      await this.jobs.markTickWaiting(
        MISUSE_JOB,
        scheduledFor,
        this.instanceId,
        waitingSince,
        new Date(now.getTime() + TICK_WAITER_ALIVE_MS),
      );
      if (!(await this.untilRunMayHaveEnded(runsEndedBefore))) return this.abandonTick(scheduledFor, 'shutdown');
    }
  }

  /** The tick that is waiting for a run in progress, on any instance, or null. */
  waitingTick(): Promise<{ scheduled_for: Date; waiting_since: Date } | null> {
    return this.jobs.waitingTick(MISUSE_JOB);
  }

  isRunningHere(): boolean {
    return this.running;
  }

  /** Who holds the run lease now (any instance), or null. */
  runningAnywhere(): Promise<boolean> {
    return this.jobs.holderOf(MISUSE_JOB).then((holder) => holder !== null);
  }

  lastRun(): Promise<Record<string, unknown> | null> {
    return this.jobs.lastRun(MISUSE_JOB);
  }

  /** Runs with the run lease already taken by this instance; gives it back however the run ends. */
  private async runHoldingLease(
    windowHours: DetectionWindowHours,
    trigger: MisuseRunSummary['trigger'],
    scheduledFor: Date | null,
  ): Promise<MisuseRunSummary> {
    this.running = true;
    try {
      const summary = await this.scan(windowHours, trigger, scheduledFor);
      await this.jobs.recordRun(MISUSE_JOB, { ...summary, summary });
      this.logger.info({ data: summary }, 'misuse_detection_finished');
      return summary;
    } finally {
      this.running = false;
      await this.jobs.release(MISUSE_JOB, this.instanceId);
      this.runsEnded += 1;
      for (const wake of this.wakeWaiters) wake();
    }
  }

  /**
   * Resolves true when a run on this instance ended since `runsEndedBefore` or the poll interval
   * passed (a run elsewhere may have ended), false when the app is stopping.
   */
  private untilRunMayHaveEnded(runsEndedBefore: number): Promise<boolean> {
    if (this.stopping.signal.aborted) return Promise.resolve(false);
    if (this.runsEnded !== runsEndedBefore) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (result: boolean) => {
        clearTimeout(timer);
        this.wakeWaiters.delete(wake);
        this.stopping.signal.removeEventListener('abort', stop);
        resolve(result);
      };
      const wake = () => done(true);
      const stop = () => done(false);
      const timer = setTimeout(wake, TICK_WAIT_POLL_MS);
      this.wakeWaiters.add(wake);
      this.stopping.signal.addEventListener('abort', stop, { once: true });
    });
  }

  private async abandonTick(scheduledFor: Date, reason: 'waited_too_long' | 'shutdown'): Promise<ScheduledTickOutcome> {
    this.logger.error({ data: { scheduled_for: scheduledFor, reason } }, 'misuse_detection_tick_abandoned');
    try {
      await this.jobs.clearTickWaiting(MISUSE_JOB, scheduledFor, this.instanceId);
    } catch (error) {
      // Stopping: the database may be gone already; the waiter's alive mark runs out by itself.
      this.logger.warn({ err: error }, 'misuse_detection_tick_claim_not_updated');
    }
    return { outcome: 'abandoned', reason };
  }

  private async scan(
    windowHours: DetectionWindowHours,
    trigger: MisuseRunSummary['trigger'],
    scheduledFor: Date | null,
  ): Promise<MisuseRunSummary> {
    const startedAt = new Date();
    const since = new Date(startedAt.getTime() - windowHours * 3_600_000);
    const summary: MisuseRunSummary = {
      run_id: randomUUID(),
      trigger,
      scheduled_for: scheduledFor,
      window_hours: windowHours,
      started_at: startedAt,
      finished_at: startedAt,
      duration_ms: 0,
      users_scanned: 0,
      tickets_scanned: 0,
      reports_created: 0,
      reports_updated: 0,
      reports_by_type: { duplicate_tickets: 0, spam_content: 0, abusive_language: 0, jailbreak_attempt: 0 },
      failed_users: 0,
      failures: [],
      peak_heap_mb: 0,
    };
    this.logger.info(
      { data: { run_id: summary.run_id, trigger, scheduled_for: scheduledFor, window_hours: windowHours } },
      'misuse_detection_started',
    );

    let after: string | null = null;
    for (;;) {
      const userIds = await this.users.idsByRolePage('user', after, USER_BATCH);
      if (userIds.length === 0) break;
      after = userIds.at(-1)!;
      const byUser = new Map<string, ScreenedTicket[]>();
      for (const ticket of await this.tickets.screenedTicketsOf(userIds, since)) {
        const own = byUser.get(ticket.user_id);
        if (own) own.push(ticket);
        else byUser.set(ticket.user_id, [ticket]);
      }
      summary.users_scanned += userIds.length;
      for (const [userId, tickets] of byUser) {
        summary.tickets_scanned += tickets.length;
        await this.scanUser(userId, tickets, windowHours, summary);
      }
      summary.peak_heap_mb = Math.max(summary.peak_heap_mb, Math.round(process.memoryUsage().heapUsed / 1_048_576));
      await this.jobs.renew(MISUSE_JOB, this.instanceId, LEASE_TTL_MS);
      this.events.publish('misuse_detection_progress', {
        run_id: summary.run_id,
        users_scanned: summary.users_scanned,
        tickets_scanned: summary.tickets_scanned,
        reports_created: summary.reports_created,
      });
    }
    summary.finished_at = new Date();
    summary.duration_ms = summary.finished_at.getTime() - startedAt.getTime();
    return summary;
  }

  private async scanUser(
    userId: string,
    tickets: ScreenedTicket[],
    windowHours: DetectionWindowHours,
    summary: MisuseRunSummary,
  ): Promise<void> {
    try {
      for (const finding of detectMisuse(tickets, windowHours)) {
        const { report, created } = await this.reports.record(userId, finding, windowHours, new Date());
        summary.reports_by_type[finding.misuse_type] += 1;
        if (!created) {
          summary.reports_updated += 1;
          continue;
        }
        summary.reports_created += 1;
        this.events.publish('on_misuse_detected', { report });
      }
    } catch (error) {
      summary.failed_users += 1;
      if (summary.failures.length < MAX_FAILURES_LISTED)
        summary.failures.push({ user_id: userId, error: error instanceof Error ? error.message : String(error) });
      this.logger.error({ err: error, user_id: userId }, 'misuse_detection_user_failed');
    }
  }
}

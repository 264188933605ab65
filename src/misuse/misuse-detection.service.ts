import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { DomainEventBus } from '../common/events/domain-events';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import { JobStore } from '../scheduler/job-store';
import { TicketsRepository } from '../tickets/tickets.repository';
import { UsersRepository } from '../users/users.repository';
import { detectMisuse } from './misuse-detector';
import { MisuseReportsRepository } from './misuse-reports.repository';
import type { DetectionWindowHours, MisuseType, ScreenedTicket } from './misuse.types';

export const MISUSE_JOB = 'misuse_detection';
/** Users per batch: their tickets come in one query. */
const USER_BATCH = 500;
/** The lease outlives a stalled holder by this much at most; each batch renews it. */
const LEASE_TTL_MS = 120_000;
const MAX_FAILURES_LISTED = 20;

export interface MisuseRunSummary {
  run_id: string;
  trigger: 'scheduled' | 'manual';
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

/**
 * One run of the misuse job: requesters in batches, their window's tickets fetched per batch,
 * the detector per user, one report per user, type and day (created or refreshed). Only the
 * holder of the MongoDB lease runs; a failing user is counted and skipped; progress goes to the
 * admin room; the summary is kept for /admin/scheduler-status.
 */
@Injectable()
export class MisuseDetectionService {
  private readonly logger: AppLogger;
  private readonly instanceId = randomUUID();
  private running = false;

  constructor(
    private readonly users: UsersRepository,
    private readonly tickets: TicketsRepository,
    private readonly reports: MisuseReportsRepository,
    private readonly jobs: JobStore,
    private readonly events: DomainEventBus,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'misuse' });
  }

  /** A manual run: refused with 409 while another run (on any instance) holds the lease. */
  async runNow(windowHours: DetectionWindowHours): Promise<MisuseRunSummary> {
    const summary = await this.runUnderLease(windowHours, 'manual');
    if (!summary) throw AppError.conflict('A misuse detection run is already in progress; try again when it ends');
    return summary;
  }

  /**
   * A scheduled run: every instance's cron fires, the first to claim this tick runs it, the
   * others return null. The tick claim is permanent, so a late instance cannot run it again.
   */
  async runScheduled(scheduledFor: Date): Promise<MisuseRunSummary | null> {
    const tick = `${MISUSE_JOB}@${scheduledFor.toISOString()}`;
    if (!(await this.jobs.acquire(tick, this.instanceId, 7 * 86_400_000))) return null;
    return this.runUnderLease(24, 'scheduled');
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

  private async runUnderLease(
    windowHours: DetectionWindowHours,
    trigger: MisuseRunSummary['trigger'],
  ): Promise<MisuseRunSummary | null> {
    if (!(await this.jobs.acquire(MISUSE_JOB, this.instanceId, LEASE_TTL_MS))) return null;
    this.running = true;
    try {
      const summary = await this.scan(windowHours, trigger);
      await this.jobs.recordRun(MISUSE_JOB, { ...summary, summary });
      this.logger.info({ data: summary }, 'misuse_detection_finished');
      return summary;
    } finally {
      this.running = false;
      await this.jobs.release(MISUSE_JOB, this.instanceId);
    }
  }

  private async scan(
    windowHours: DetectionWindowHours,
    trigger: MisuseRunSummary['trigger'],
  ): Promise<MisuseRunSummary> {
    const startedAt = new Date();
    const since = new Date(startedAt.getTime() - windowHours * 3_600_000);
    const summary: MisuseRunSummary = {
      run_id: randomUUID(),
      trigger,
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
      { data: { run_id: summary.run_id, trigger, window_hours: windowHours } },
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

import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import { isSettled } from '../domain/ticket-status';
import { DomainEventBus } from '../events/domain-events';
import { MessagesRepository } from '../messages/messages.repository';
import { JobsRepository } from '../scheduler/jobs.repository';
import { TicketSlaAlertsRepository, type SlaCheck } from '../tickets/ticket-sla-alerts.repository';
import { TicketStaffing } from '../tickets/ticket-staffing.service';
import { TicketsRepository } from '../tickets/tickets.repository';
import type { RaisedSlaAlert } from './raised-sla-alert';
import { SlaPolicyService } from './sla-policy.service';
import { dueAlerts } from './ticket-sla';

export const SLA_JOB = 'sla_monitor';
/** Tickets per read and per bulk write: what a run holds at once. */
export const SLA_BATCH = 500;
/** The lease outlives a stalled holder by this much at most; each batch renews it. */
const LEASE_TTL_MS = 120_000;
/** A tick's claim is kept well past the next ticks, so an instance firing late does not run it again. */
const TICK_CLAIM_TTL_MS = 15 * 60_000;

export interface SlaRunSummary {
  run_id: string;
  scheduled_for: Date | null;
  /** The moment the run checked against (the Clock's at its start). */
  checked_at: Date;
  started_at: Date;
  finished_at: Date;
  duration_ms: number;
  tickets_checked: number;
  warnings: number;
  breaches: number;
  escalations: number;
  reassigned: number;
  /** Staff replies found in the conversation but not on the ticket (a crash between the two writes), now recorded. */
  first_responses_recovered: number;
  /** Tickets that moved between the read and the write: left to a later run, which sees them as they are. */
  conflicts: number;
  peak_heap_mb: number;
}

export type SlaTickOutcome =
  | { outcome: 'ran'; summary: SlaRunSummary }
  /** Another instance claimed the tick. */
  | { outcome: 'claimed_elsewhere' }
  /** A run was still going (here or elsewhere): it covers what this tick would; the next tick catches up. */
  | { outcome: 'run_in_progress' };

/**
 * The SLA job (SPEC §11.2). Each run walks the queue of tickets with something to raise by now
 * (the index on `sla.next_check_at`) a batch at a time: decides each ticket's warnings and
 * breaches (ticket-sla.ts `dueAlerts`), stores them, the history entries and webhook events with
 * them, in one conditional write per ticket, then announces the batch and waits for its
 * subscribers (notifications, sockets, webhooks) before reading the next. One run at a time
 * across instances (a lease); an alert raised once is never raised again, by any run.
 */
@Injectable()
export class SlaMonitorService {
  private readonly logger: AppLogger;
  private readonly instanceId = randomUUID();

  constructor(
    private readonly queue: TicketSlaAlertsRepository,
    private readonly tickets: TicketsRepository,
    private readonly messages: MessagesRepository,
    private readonly staffing: TicketStaffing,
    private readonly policy: SlaPolicyService,
    private readonly jobs: JobsRepository,
    private readonly events: DomainEventBus,
    private readonly clock: Clock,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'sla' });
  }

  /** One scheduled tick: run by the instance that claims it, unless a run is still going. */
  async runScheduled(scheduledFor: Date): Promise<SlaTickOutcome> {
    if (!(await this.jobs.claimTick(SLA_JOB, scheduledFor, this.instanceId, TICK_CLAIM_TTL_MS, this.clock.now())))
      return { outcome: 'claimed_elsewhere' };
    if (!(await this.jobs.acquire(SLA_JOB, this.instanceId, LEASE_TTL_MS))) return { outcome: 'run_in_progress' };
    try {
      const summary = await this.run(scheduledFor);
      await this.jobs.recordRun(SLA_JOB, { ...summary, summary });
      // Every minute by default: a run that found nothing is not worth a line.
      if (summary.tickets_checked > 0) this.logger.info({ data: summary }, 'sla_monitor_finished');
      return { outcome: 'ran', summary };
    } finally {
      await this.jobs.release(SLA_JOB, this.instanceId);
    }
  }

  runningAnywhere(): Promise<boolean> {
    return this.jobs.holderOf(SLA_JOB).then((holder) => holder !== null);
  }

  lastRun(): Promise<Record<string, unknown> | null> {
    return this.jobs.lastRun(SLA_JOB);
  }

  private async run(scheduledFor: Date): Promise<SlaRunSummary> {
    const startedAt = new Date();
    const now = this.clock.now();
    const summary: SlaRunSummary = {
      run_id: randomUUID(),
      scheduled_for: scheduledFor,
      checked_at: now,
      started_at: startedAt,
      finished_at: startedAt,
      duration_ms: 0,
      tickets_checked: 0,
      warnings: 0,
      breaches: 0,
      escalations: 0,
      reassigned: 0,
      first_responses_recovered: 0,
      conflicts: 0,
      peak_heap_mb: 0,
    };
    const { reassign_on_breach: reassign } = await this.policy.current();
    // Every ticket written leaves the queue (its next check is later than now, or none), so each
    // read starts from the queue's head; what was not written (it moved meanwhile) is read again,
    // fresh. A batch that writes nothing ends the run: what is left is the next run's.
    for (;;) {
      const batch = await this.queue.dueForCheck(now, SLA_BATCH);
      if (batch.length === 0) break;
      summary.tickets_checked += batch.length;

      // A ticket held for review (after an edit) keeps its clock but is in no queue until its
      // release, which starts the clock afresh: nothing is raised on it meanwhile.
      const checks = await this.withoutUnrecordedReplies(
        batch.map((ticket) => ({
          ticket,
          ...dueAlerts(ticket.sla, !isSettled(ticket.status) && !ticket.misuse_flag, now),
        })),
        summary,
      );
      const { raised, conflicts } = await this.queue.store(checks, now);
      summary.conflicts += conflicts;
      for (const alert of raised) {
        if (alert.kind === 'warning') summary.warnings += 1;
        else summary.breaches += 1;
      }
      const announced = await this.escalate(raised, reassign, summary);
      if (announced.length > 0) await this.events.publishAndWait('sla_alerts_raised', { alerts: announced });

      summary.peak_heap_mb = Math.max(summary.peak_heap_mb, Math.round(process.memoryUsage().heapUsed / 1_048_576));
      await this.jobs.renew(SLA_JOB, this.instanceId, LEASE_TTL_MS);
      if (batch.length < SLA_BATCH || checks.length === conflicts) break;
    }
    summary.finished_at = new Date();
    summary.duration_ms = summary.finished_at.getTime() - startedAt.getTime();
    return summary;
  }

  /**
   * A reply and its record on the ticket are two writes: before a first response is called
   * missed, the conversation is asked. A reply found there is recorded now and the ticket is left
   * out of this run; the next sees it answered (met, or missed if the reply came late).
   */
  private async withoutUnrecordedReplies(checks: SlaCheck[], summary: SlaRunSummary): Promise<SlaCheck[]> {
    const missing = checks.filter(({ alerts }) =>
      alerts.some((alert) => alert.target === 'first_response' && alert.kind === 'breach'),
    );
    const replies = await this.messages.firstStaffReplies(missing.map(({ ticket }) => ticket.id));
    for (const [ticketId, at] of replies) await this.tickets.recordFirstResponse(ticketId, at);
    summary.first_responses_recovered += replies.size;
    return checks.filter(({ ticket }) => !replies.has(ticket.id));
  }

  /**
   * A resolution breach escalates: its alert goes to the admins (with the agent's), the ticket
   * heads the admins' `?sla=breached` queue, and when the policy says so it goes to another agent.
   * The alerts as announced, each with its ticket as it is after the move.
   */
  private async escalate(
    raised: RaisedSlaAlert[],
    reassign: boolean,
    summary: SlaRunSummary,
  ): Promise<RaisedSlaAlert[]> {
    const escalated = raised.filter((alert) => alert.kind === 'breach' && alert.target === 'resolution');
    summary.escalations += escalated.length;
    if (!reassign) return raised;
    const moved = new Map<string, RaisedSlaAlert['ticket']>();
    for (const { ticket } of escalated) {
      const after = await this.staffing.escalate(ticket);
      if (after) moved.set(ticket.id, after);
    }
    summary.reassigned += moved.size;
    return raised.map((alert) => ({ ...alert, ticket: moved.get(alert.ticket.id) ?? alert.ticket }));
  }
}

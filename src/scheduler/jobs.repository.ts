import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../database/duplicate-key';
import { JobLeaseDocument, JobRunDocument } from './job.schema';

/** The lease document that claims one scheduled tick of a job. */
export function tickClaimId(job: string, scheduledFor: Date): string {
  return `${job}@${scheduledFor.toISOString()}`;
}

/** Leases that let one instance of several run a job, claims on scheduled ticks, and the log of finished runs. */
@Injectable()
export class JobsRepository {
  constructor(
    @InjectModel(JobLeaseDocument.name) private readonly leases: Model<JobLeaseDocument>,
    @InjectModel(JobRunDocument.name) private readonly runs: Model<JobRunDocument>,
  ) {}

  /**
   * Takes the lease if nobody holds it. A lease left by a holder that died (expired) is removed
   * first, matching its holder and expiry exactly so that a fresh lease is never removed.
   */
  async acquire(name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
    if (await this.insert(name, holder, ttlMs, now)) return true;
    const current = await this.leases.findById(name).lean<JobLeaseDocument>().exec();
    if (!current || current.expires_at > now) return false;
    await this.leases.deleteOne({ _id: name, holder: current.holder, expires_at: current.expires_at }).exec();
    return this.insert(name, holder, ttlMs, now);
  }

  async renew(name: string, holder: string, ttlMs: number): Promise<void> {
    await this.leases.updateOne({ _id: name, holder }, { $set: { expires_at: new Date(Date.now() + ttlMs) } }).exec();
  }

  async release(name: string, holder: string): Promise<void> {
    await this.leases.deleteOne({ _id: name, holder }).exec();
  }

  async holderOf(name: string, now = new Date()): Promise<string | null> {
    const lease = await this.leases.findById(name).lean<JobLeaseDocument>().exec();
    return lease && lease.expires_at > now ? lease.holder : null;
  }

  /**
   * Claims one scheduled tick of a job for this holder, by insert: of several instances firing
   * the same tick, exactly one gets it. The claim outlives the run (until `expires_at`), so an
   * instance that fires late does not run the tick again; the database removes it after that.
   */
  async claimTick(job: string, scheduledFor: Date, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
    try {
      await this.leases.create({
        _id: tickClaimId(job, scheduledFor),
        job,
        scheduled_for: scheduledFor,
        holder,
        acquired_at: now,
        expires_at: new Date(now.getTime() + ttlMs),
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /**
   * Marks a claimed tick as waiting for the run in progress to end. The waiter renews
   * `aliveUntil` while it waits, so a waiter that died stops being reported within that time.
   */
  async markTickWaiting(job: string, scheduledFor: Date, holder: string, since: Date, aliveUntil: Date): Promise<void> {
    await this.leases
      .updateOne(
        { _id: tickClaimId(job, scheduledFor), holder },
        { $set: { waiting_since: since, waiting_alive_until: aliveUntil } },
      )
      .exec();
  }

  async clearTickWaiting(job: string, scheduledFor: Date, holder: string): Promise<void> {
    await this.leases
      .updateOne(
        { _id: tickClaimId(job, scheduledFor), holder },
        { $unset: { waiting_since: 1, waiting_alive_until: 1 } },
      )
      .exec();
  }

  /** The job's tick that is waiting now for a run in progress (its waiter alive), or null. */
  async waitingTick(job: string, now = new Date()): Promise<{ scheduled_for: Date; waiting_since: Date } | null> {
    const claim = await this.leases
      .findOne({ job, waiting_alive_until: { $gt: now } })
      .sort({ waiting_alive_until: -1 })
      .lean<JobLeaseDocument>()
      .exec();
    return claim?.scheduled_for && claim.waiting_since
      ? { scheduled_for: claim.scheduled_for, waiting_since: claim.waiting_since }
      : null;
  }

  async recordRun(
    job: string,
    run: { run_id: string; started_at: Date; finished_at: Date; summary: object },
  ): Promise<void> {
    await this.runs.create({ job, ...run, summary: run.summary as Record<string, unknown> });
  }

  async lastRun(job: string): Promise<Record<string, unknown> | null> {
    const run = await this.runs.findOne({ job }).sort({ finished_at: -1 }).lean<JobRunDocument>().exec();
    return run ? run.summary : null;
  }

  private async insert(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    try {
      await this.leases.create({ _id: name, holder, acquired_at: now, expires_at: new Date(now.getTime() + ttlMs) });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}

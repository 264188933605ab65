import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../database/duplicate-key';
import { JobLeaseDocument, JobRunDocument } from './job.schema';

/** Leases that let one instance of several run a job, and the log of finished runs. */
@Injectable()
export class JobStore {
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

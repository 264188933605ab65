import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A lease: whoever inserted the document holds it until `expires_at` (renewed while working).
 * Taken by insert, so the unique `_id` decides between instances.
 * `_id` is `<job>` for the running lease and `<job>@<scheduled time>` for the claim on one
 * scheduled tick, which also says whether that tick is waiting for a run in progress.
 */
@Schema({ collection: 'job_leases', versionKey: false })
export class JobLeaseDocument {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) holder!: string;
  @Prop({ type: Date, required: true }) acquired_at!: Date;
  @Prop({ type: Date, required: true }) expires_at!: Date;
  /** Tick claims: the job and the time the tick was scheduled for. */
  @Prop({ type: String }) job?: string;
  @Prop({ type: Date }) scheduled_for?: Date;
  /** Tick claims waiting for another run to end: since when, and until when the waiter vouches for it. */
  @Prop({ type: Date }) waiting_since?: Date;
  @Prop({ type: Date }) waiting_alive_until?: Date;
}
export const JobLeaseSchema = SchemaFactory.createForClass(JobLeaseDocument);
// The database removes a lease once it has expired (MongoDB's and SecantusDB's TTL monitors run
// about once a minute). Nothing relies on the removal: an expired lease is taken over anyway.
// It only keeps claims of past ticks and leases of dead holders from piling up.
JobLeaseSchema.index({ expires_at: 1 }, { expireAfterSeconds: 0 });
// The scheduler status: a job's waiting tick.
JobLeaseSchema.index({ job: 1, waiting_alive_until: -1 });

/** The outcome of one run of a job, kept for the scheduler status on every instance. */
@Schema({ collection: 'job_runs', versionKey: false })
export class JobRunDocument {
  @Prop({ type: String, required: true }) job!: string;
  @Prop({ type: String, required: true, unique: true }) run_id!: string;
  @Prop({ type: Date, required: true }) started_at!: Date;
  @Prop({ type: Date, required: true }) finished_at!: Date;
  @Prop({ type: Object, required: true }) summary!: Record<string, unknown>;
}
export const JobRunSchema = SchemaFactory.createForClass(JobRunDocument);
JobRunSchema.index({ job: 1, finished_at: -1 });

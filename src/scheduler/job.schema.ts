import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A lease: whoever inserted the document holds it until `expires_at` (renewed while working).
 * Taken by insert, so the unique `_id` decides between instances.
 * `_id` is `<job>` for the running lease and `<job>@<scheduled time>` for one scheduled run.
 */
@Schema({ collection: 'job_leases', versionKey: false })
export class JobLeaseDocument {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: String, required: true }) holder!: string;
  @Prop({ type: Date, required: true }) acquired_at!: Date;
  @Prop({ type: Date, required: true }) expires_at!: Date;
}
export const JobLeaseSchema = SchemaFactory.createForClass(JobLeaseDocument);

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

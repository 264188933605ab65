import type { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';

/**
 * A job's cron schedule (UTC) on this instance, firing `onTick` with the time each tick was
 * scheduled for: every instance computes that alike, so a job names its tick by it and claims it
 * once (JobsRepository.claimTick) however many instances fire.
 */
export class CronTicks {
  private job: CronJob | undefined;
  private scheduledFor: Date | undefined;

  constructor(
    private readonly name: string,
    private readonly cronTime: string,
    private readonly onTick: (scheduledFor: Date) => Promise<void>,
  ) {}

  start(registry: SchedulerRegistry): void {
    this.job = CronJob.from({ cronTime: this.cronTime, timeZone: 'UTC', onTick: () => this.tick() });
    registry.addCronJob(this.name, this.job);
    this.job.start();
    this.scheduledFor = this.nextRunAt() ?? undefined;
  }

  stop(): void {
    void this.job?.stop();
  }

  nextRunAt(): Date | null {
    return this.job ? this.job.nextDate().toJSDate() : null;
  }

  private tick(): Promise<void> {
    const scheduledFor = this.scheduledFor ?? new Date();
    this.scheduledFor = this.nextRunAt() ?? undefined;
    return this.onTick(scheduledFor);
  }
}

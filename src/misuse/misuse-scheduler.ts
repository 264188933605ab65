import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MISUSE_JOB, MisuseDetectionService } from './misuse-detection.service';

/**
 * Fires the nightly run at MISUSE_CRON (UTC) on every instance; the run itself decides, by lease,
 * which instance does the work. The tick is named by its scheduled time, which every instance
 * computes alike, so a tick is run once however many instances fire it.
 */
@Injectable()
export class MisuseScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger: AppLogger;
  private job: CronJob | undefined;
  private scheduledFor: Date | undefined;

  constructor(
    private readonly detection: MisuseDetectionService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'misuse' });
  }

  onApplicationBootstrap(): void {
    this.job = CronJob.from({
      cronTime: this.config.misuseCron,
      timeZone: 'UTC',
      onTick: () => this.tick(),
    });
    this.registry.addCronJob(MISUSE_JOB, this.job);
    this.job.start();
    this.scheduledFor = this.nextRunAt() ?? undefined;
  }

  onModuleDestroy(): void {
    void this.job?.stop();
  }

  nextRunAt(): Date | null {
    return this.job ? this.job.nextDate().toJSDate() : null;
  }

  private async tick(): Promise<void> {
    const scheduledFor = this.scheduledFor ?? new Date();
    this.scheduledFor = this.nextRunAt() ?? undefined;
    try {
      const result = await this.detection.runScheduled(scheduledFor);
      // A run logs its own start and end; here only the ticks this instance did not run.
      if (result.outcome === 'claimed_elsewhere')
        this.logger.info({ data: { scheduled_for: scheduledFor } }, 'misuse_detection_skipped_other_instance');
    } catch (error) {
      this.logger.error({ err: error, data: { scheduled_for: scheduledFor } }, 'misuse_detection_failed');
    }
  }
}

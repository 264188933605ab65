import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CronTicks } from '../scheduler/cron-ticks';
import { MISUSE_JOB, MisuseDetectionService } from './misuse-detection.service';

/**
 * Fires the nightly run at MISUSE_CRON (UTC) on every instance; the run itself decides, by lease,
 * which instance does the work, and a tick is run once however many instances fire it.
 */
@Injectable()
export class MisuseScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger: AppLogger;
  private readonly ticks: CronTicks;

  constructor(
    private readonly detection: MisuseDetectionService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'misuse' });
    this.ticks = new CronTicks(MISUSE_JOB, config.misuseCron, (scheduledFor) => this.tick(scheduledFor));
  }

  onApplicationBootstrap(): void {
    this.ticks.start(this.registry);
  }

  onModuleDestroy(): void {
    this.ticks.stop();
  }

  nextRunAt(): Date | null {
    return this.ticks.nextRunAt();
  }

  private async tick(scheduledFor: Date): Promise<void> {
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

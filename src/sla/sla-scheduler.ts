import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CronTicks } from '../scheduler/cron-ticks';
import { SLA_JOB, SlaMonitorService } from './sla-monitor.service';

/** Fires the SLA job at SLA_CRON (UTC, every minute by default) on every instance that has it on. */
@Injectable()
export class SlaScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger: AppLogger;
  private readonly ticks: CronTicks | null;

  constructor(
    private readonly monitor: SlaMonitorService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(ROOT_LOGGER) root: AppLogger,
  ) {
    this.logger = root.child({ module: 'sla' });
    this.ticks = config.slaCron ? new CronTicks(SLA_JOB, config.slaCron, (at) => this.tick(at)) : null;
  }

  onApplicationBootstrap(): void {
    this.ticks?.start(this.registry);
  }

  onModuleDestroy(): void {
    this.ticks?.stop();
  }

  nextRunAt(): Date | null {
    return this.ticks?.nextRunAt() ?? null;
  }

  private async tick(scheduledFor: Date): Promise<void> {
    try {
      await this.monitor.runScheduled(scheduledFor);
    } catch (error) {
      this.logger.error({ err: error, data: { scheduled_for: scheduledFor } }, 'sla_monitor_failed');
    }
  }
}

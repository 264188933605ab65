import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { DomainEventBus } from '../events/domain-events';
import { skipFor } from '../common/http/pagination';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { ListMisuseReportsQueryDto, SchedulerStatusDto } from './dto/misuse.dto';
import { MisuseDetectionService, type MisuseRunSummary } from './misuse-detection.service';
import { MisuseReportsRepository } from './misuse-reports.repository';
import { MisuseScheduler } from './misuse-scheduler';
import type { DetectionWindowHours, MisuseReportRecord } from './misuse.types';

@Injectable()
export class MisuseService {
  constructor(
    private readonly reports: MisuseReportsRepository,
    private readonly detection: MisuseDetectionService,
    private readonly scheduler: MisuseScheduler,
    private readonly events: DomainEventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(query: ListMisuseReportsQueryDto): Promise<{ reports: MisuseReportRecord[]; total: number }> {
    return this.reports.list(
      {
        ...(query.reviewed !== undefined ? { reviewed: query.reviewed } : {}),
        ...(query.user_id ? { userId: query.user_id } : {}),
        ...(query.misuse_type ? { misuseType: query.misuse_type } : {}),
      },
      skipFor(query.page, query.limit),
      query.limit,
    );
  }

  async get(id: string): Promise<MisuseReportRecord> {
    const report = await this.reports.find(id);
    if (!report) throw AppError.notFound('Misuse report');
    return report;
  }

  async markReviewed(id: string, adminId: string, actionTaken: string | undefined): Promise<void> {
    if (!(await this.reports.markReviewed(id, adminId, actionTaken ?? null, new Date())))
      throw AppError.notFound('Misuse report');
    this.events.publish('misuse_report_reviewed', { report_id: id, admin_id: adminId });
  }

  trigger(windowHours: DetectionWindowHours): Promise<MisuseRunSummary> {
    return this.detection.runNow(windowHours);
  }

  async schedulerStatus(): Promise<SchedulerStatusDto> {
    const [running, waitingTick, lastRun] = await Promise.all([
      this.detection.runningAnywhere(),
      this.detection.waitingTick(),
      this.detection.lastRun(),
    ]);
    return {
      misuse_detection: {
        cron: this.config.misuseCron,
        time_zone: 'UTC',
        next_run_at: this.scheduler.nextRunAt(),
        running,
        waiting_tick: waitingTick,
        last_run: lastRun,
      },
    };
  }
}

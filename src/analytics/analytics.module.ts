import { SlaComplianceService } from './sla-compliance.service';
import { Module } from '@nestjs/common';
import { AiModule } from '../ai/ai.module';
import { MisuseModule } from '../misuse/misuse.module';
import { TicketsModule } from '../tickets/tickets.module';
import { UsersModule } from '../users/users.module';
import { AnalyticsCache } from './analytics-cache';
import { AnalyticsInvalidation } from './analytics-invalidation';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsRangeResolver } from './analytics-range-resolver';
import { DepartmentFiguresService } from './department-figures.service';
import { RequesterFiguresService } from './requester-figures.service';
import { TicketVolumeService } from './ticket-volume.service';
import { TrendingTopicsService } from './trending-topics.service';

/** Admin analytics: read-only figures over tickets and misuse reports, briefly cached. */
@Module({
  imports: [TicketsModule, UsersModule, MisuseModule, AiModule],
  controllers: [AnalyticsController],
  providers: [
    TicketVolumeService,
    DepartmentFiguresService,
    RequesterFiguresService,
    TrendingTopicsService,
    SlaComplianceService,
    AnalyticsRangeResolver,
    AnalyticsCache,
    AnalyticsInvalidation,
  ],
})
export class AnalyticsModule {}

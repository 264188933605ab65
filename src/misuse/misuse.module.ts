import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ScheduleModule } from '@nestjs/schedule';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { TicketsModule } from '../tickets/tickets.module';
import { UsersModule } from '../users/users.module';
import { MisuseController } from './misuse.controller';
import { MisuseDetectionService } from './misuse-detection.service';
import { MisuseReportDocument, MisuseReportSchema } from './misuse-report.schema';
import { MisuseReportsRepository } from './misuse-reports.repository';
import { MisuseScheduler } from './misuse-scheduler';
import { MisuseService } from './misuse.service';

/** Misuse detection: the detector, the nightly job under a lease, reports and their review. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: MisuseReportDocument.name, schema: MisuseReportSchema }]),
    ScheduleModule.forRoot(),
    SchedulerModule,
    TicketsModule,
    UsersModule,
  ],
  controllers: [MisuseController],
  providers: [MisuseReportsRepository, MisuseDetectionService, MisuseScheduler, MisuseService],
  // The service for the scheduler's state in GET /admin/system-status (health/).
  exports: [MisuseReportsRepository, MisuseService],
})
export class MisuseModule {}

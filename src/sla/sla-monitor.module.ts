import { Module } from '@nestjs/common';
import { MessageStoreModule } from '../messages/message-store.module';
import { SchedulerModule } from '../scheduler/scheduler.module';
import { TicketsModule } from '../tickets/tickets.module';
import { SlaModule } from './sla.module';
import { SlaMonitorService } from './sla-monitor.service';
import { SlaScheduler } from './sla-scheduler';

/** The SLA job (SPEC §11.2): apart from SlaModule, which tickets use for the policy, as it uses tickets. */
@Module({
  // The cron registry is global, from ScheduleModule.forRoot() in MisuseModule (a second forRoot would be a second registry).
  imports: [SchedulerModule, SlaModule, TicketsModule, MessageStoreModule],
  providers: [SlaMonitorService, SlaScheduler],
  // For the job's state in GET /admin/system-status (health/).
  exports: [SlaMonitorService, SlaScheduler],
})
export class SlaMonitorModule {}

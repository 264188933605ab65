import { Module } from '@nestjs/common';
import { AiModule } from '../ai/ai.module';
import { MisuseModule } from '../misuse/misuse.module';
import { SlaMonitorModule } from '../sla/sla-monitor.module';
import { RedisPubSubModule } from '../realtime/redis-pubsub';
import { DatabaseProbe } from './database-probe';
import { HealthController } from './health.controller';
import { SystemStatusController } from './system-status.controller';
import { SystemStatusService } from './system-status.service';

/** Probes for orchestrators (/health, /ready) and the admins' status page over the same probes. */
@Module({
  imports: [RedisPubSubModule, AiModule, MisuseModule, SlaMonitorModule],
  controllers: [HealthController, SystemStatusController],
  providers: [DatabaseProbe, SystemStatusService],
})
export class HealthModule {}

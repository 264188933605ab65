import { Global, Module } from '@nestjs/common';
import { DatabaseCommandMetrics } from './database-command-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, DatabaseCommandMetrics],
  exports: [MetricsService],
})
export class MetricsModule {}

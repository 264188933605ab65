import { DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Logger } from 'pino';
import { AuthModule } from './auth/auth.module';
import { ClockModule } from './common/clock/clock.module';
import { EventsModule } from './events/events.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AssistantModule } from './assistant/assistant.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { StarterKnowledgeBootstrap } from './knowledge/starter-knowledge.bootstrap';
import { MessagesModule } from './messages/messages.module';
import { MisuseModule } from './misuse/misuse.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RealtimeModule } from './realtime/realtime.module';
import { SlaModule } from './sla/sla.module';
import { SlaMonitorModule } from './sla/sla-monitor.module';
import { TicketsModule } from './tickets/tickets.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { LoggingModule } from './common/logging/logging.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { HomeModule } from './home/home.module';
import { MetricsModule } from './metrics/metrics.module';
import { AccountsBootstrapService } from './users/seed/accounts-bootstrap.service';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger, extraImports: Array<Type | DynamicModule> = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        ClockModule,
        DatabaseModule,
        MetricsModule,
        HealthModule,
        UsersModule,
        AuthModule,
        EventsModule,
        SlaModule,
        SlaMonitorModule,
        TicketsModule,
        MessagesModule,
        RealtimeModule,
        KnowledgeModule,
        AssistantModule,
        NotificationsModule,
        MisuseModule,
        AnalyticsModule,
        WebhooksModule,
        HomeModule,
        ...extraImports,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        // Start-up only (not in `npm run seed`, which shares these modules): first-run data.
        AccountsBootstrapService,
        StarterKnowledgeBootstrap,
      ],
    };
  }
}

import { SlaModule } from '../sla/sla.module';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AiModule } from '../ai/ai.module';
import { MessageStoreModule } from '../messages/message-store.module';
import { UsersModule } from '../users/users.module';
import { DeletedTicketDocument, DeletedTicketSchema } from './deleted-ticket.schema';
import { DeletedTicketsRepository } from './deleted-tickets.repository';
import { TicketAssignment } from './ticket-assignment.service';
import { TicketDeletion } from './ticket-deletion.service';
import { TicketStaffing } from './ticket-staffing.service';
import { TicketFiguresRepository } from './ticket-figures.repository';
import { TicketQuota } from './ticket-quota.service';
import { TicketReportsRepository } from './ticket-reports.repository';
import { TicketDocument, TicketSchema } from './ticket.schema';
import { TicketsController } from './tickets.controller';
import { TicketSlaAlertsRepository } from './ticket-sla-alerts.repository';
import { TicketsRepository } from './tickets.repository';
import { TicketAccess } from './ticket-access.service';
import { TicketIntake } from './ticket-intake.service';
import { TicketLifecycle } from './ticket-lifecycle.service';
import { TicketQueries } from './ticket-queries.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: TicketDocument.name, schema: TicketSchema },
      { name: DeletedTicketDocument.name, schema: DeletedTicketSchema },
    ]),
    AiModule,
    MessageStoreModule,
    UsersModule,
    SlaModule,
  ],
  controllers: [TicketsController],
  providers: [
    TicketsRepository,
    DeletedTicketsRepository,
    TicketAccess,
    TicketIntake,
    TicketQueries,
    TicketLifecycle,
    TicketDeletion,
    TicketStaffing,
    TicketQuota,
    TicketAssignment,
    TicketFiguresRepository,
    TicketReportsRepository,
    TicketSlaAlertsRepository,
  ],
  // Other features read tickets through these, never through the model (analytics/: TicketReportsRepository).
  exports: [
    TicketsRepository,
    DeletedTicketsRepository,
    TicketAccess,
    TicketIntake,
    TicketFiguresRepository,
    TicketReportsRepository,
    // The SLA job (sla/sla-monitor.service.ts): its queue and writes, and escalation's reassignment.
    TicketSlaAlertsRepository,
    TicketStaffing,
  ],
})
export class TicketsModule {}

import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AiModule } from '../ai/ai.module';
import { MessageStoreModule } from '../messages/message-store.module';
import { UsersModule } from '../users/users.module';
import { DeletedTicketDocument, DeletedTicketSchema } from './deleted-ticket.schema';
import { DeletedTicketsRepository } from './deleted-tickets.repository';
import { TicketAssignment } from './ticket-assignment';
import { TicketDeletion } from './ticket-deletion.service';
import { TicketStaffing } from './ticket-staffing.service';
import { TicketFiguresRepository } from './ticket-figures.repository';
import { TicketQuota } from './ticket-quota';
import { TicketReportsRepository } from './ticket-reports.repository';
import { TicketDocument, TicketSchema } from './ticket.schema';
import { TicketsController } from './tickets.controller';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: TicketDocument.name, schema: TicketSchema },
      { name: DeletedTicketDocument.name, schema: DeletedTicketSchema },
    ]),
    AiModule,
    MessageStoreModule,
    UsersModule,
  ],
  controllers: [TicketsController],
  providers: [
    TicketsRepository,
    DeletedTicketsRepository,
    TicketsService,
    TicketDeletion,
    TicketStaffing,
    TicketQuota,
    TicketAssignment,
    TicketFiguresRepository,
    TicketReportsRepository,
  ],
  // Other features read tickets through these, never through the model (analytics/: TicketReportsRepository).
  exports: [
    TicketsRepository,
    DeletedTicketsRepository,
    TicketsService,
    TicketFiguresRepository,
    TicketReportsRepository,
  ],
})
export class TicketsModule {}

import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AiModule } from '../ai/ai.module';
import { MessageStoreModule } from '../messages/message-store.module';
import { UsersModule } from '../users/users.module';
import { TicketAssignment } from './ticket-assignment';
import { TicketQuota } from './ticket-quota';
import { TicketDocument, TicketSchema } from './ticket.schema';
import { TicketsController } from './tickets.controller';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: TicketDocument.name, schema: TicketSchema }]),
    AiModule,
    MessageStoreModule,
    UsersModule,
  ],
  controllers: [TicketsController],
  providers: [TicketsRepository, TicketsService, TicketQuota, TicketAssignment],
  // The model too, for read-only reporting over tickets (analytics/).
  exports: [TicketsRepository, TicketsService, MongooseModule],
})
export class TicketsModule {}

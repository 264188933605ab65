import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AiModule } from '../ai/ai.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { MessageStoreModule } from '../messages/message-store.module';
import { TicketsModule } from '../tickets/tickets.module';
import { AssistantController } from './assistant.controller';
import { AssistantSessionDocument, AssistantSessionSchema } from './assistant-session.schema';
import { AssistantService } from './assistant.service';
import { AssistantSessionsRepository } from './assistant-sessions.repository';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: AssistantSessionDocument.name, schema: AssistantSessionSchema }]),
    AiModule,
    KnowledgeModule,
    TicketsModule,
    MessageStoreModule,
  ],
  controllers: [AssistantController],
  providers: [AssistantService, AssistantSessionsRepository],
})
export class AssistantModule {}

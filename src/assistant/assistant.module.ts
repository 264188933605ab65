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
import { KnowledgeGapsController } from './knowledge-gaps/knowledge-gaps.controller';
import { KnowledgeGapsService } from './knowledge-gaps/knowledge-gaps.service';
import { UnansweredQuestionDocument, UnansweredQuestionSchema } from './knowledge-gaps/unanswered-question.schema';
import { UnansweredQuestionsRepository } from './knowledge-gaps/unanswered-questions.repository';
import { SelfServeTicketsService } from './self-serve-tickets.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: AssistantSessionDocument.name, schema: AssistantSessionSchema },
      { name: UnansweredQuestionDocument.name, schema: UnansweredQuestionSchema },
    ]),
    AiModule,
    KnowledgeModule,
    TicketsModule,
    MessageStoreModule,
  ],
  controllers: [AssistantController, KnowledgeGapsController],
  providers: [
    AssistantService,
    AssistantSessionsRepository,
    SelfServeTicketsService,
    KnowledgeGapsService,
    UnansweredQuestionsRepository,
  ],
})
export class AssistantModule {}

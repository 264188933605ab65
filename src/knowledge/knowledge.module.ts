import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RETRIEVER } from '../ai/ai.ports';
import { KnowledgeController } from './knowledge.controller';
import { KnowledgeRepository } from './knowledge.repository';
import {
  KnowledgeChunkDocument,
  KnowledgeChunkSchema,
  KnowledgeDocument,
  KnowledgeRevisionDocument,
  KnowledgeRevisionSchema,
  KnowledgeSchema,
} from './knowledge.schema';
import { KnowledgeService } from './knowledge.service';
import { LocalRetriever } from './local-retriever';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: KnowledgeDocument.name, schema: KnowledgeSchema },
      { name: KnowledgeChunkDocument.name, schema: KnowledgeChunkSchema },
      { name: KnowledgeRevisionDocument.name, schema: KnowledgeRevisionSchema },
    ]),
  ],
  controllers: [KnowledgeController],
  providers: [KnowledgeRepository, KnowledgeService, { provide: RETRIEVER, useClass: LocalRetriever }],
  exports: [KnowledgeService, RETRIEVER],
})
export class KnowledgeModule {}

import { Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RETRIEVER } from '../ai/ai.ports';
import { AiModule } from '../ai/ai.module';
import { AiStatusRegistry } from '../ai/ai-status';
import { FallbackRetriever } from '../ai/fallback';
import { GeminiEmbedder } from '../ai/gemini/gemini-embedder';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MessageStoreModule } from '../messages/message-store.module';
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
import { KNOWLEDGE_VECTORS, KnowledgeVectors } from './vectors/knowledge-vectors';
import { PineconeVectorStore } from './vectors/pinecone-vector-store';
import { KnowledgeSuggestionDocument, KnowledgeSuggestionSchema } from './suggestions/knowledge-suggestion.schema';
import { KnowledgeSuggestionSubscriber } from './suggestions/knowledge-suggestion.subscriber';
import { KnowledgeSuggestionsController } from './suggestions/knowledge-suggestions.controller';
import { KnowledgeSuggestionsRepository } from './suggestions/knowledge-suggestions.repository';
import { KnowledgeSuggestionsService } from './suggestions/knowledge-suggestions.service';

/**
 * Knowledge-base documents and retrieval: local (in process: hybrid with the local sentence
 * model, lexical without it) always; with PINECONE_API_KEY, Gemini embeddings in Pinecone first
 * and local retrieval as the fallback. Suggestions: draft FAQs from
 * resolved tickets (read from the message store) that admins publish as documents.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: KnowledgeDocument.name, schema: KnowledgeSchema },
      { name: KnowledgeChunkDocument.name, schema: KnowledgeChunkSchema },
      { name: KnowledgeRevisionDocument.name, schema: KnowledgeRevisionSchema },
      { name: KnowledgeSuggestionDocument.name, schema: KnowledgeSuggestionSchema },
    ]),
    MessageStoreModule,
    // The status registry: a vector search that fails over to BM25 is recorded like any AI failure.
    AiModule,
  ],
  controllers: [KnowledgeController, KnowledgeSuggestionsController],
  providers: [
    KnowledgeRepository,
    KnowledgeService,
    LocalRetriever,
    KnowledgeSuggestionsRepository,
    KnowledgeSuggestionsService,
    KnowledgeSuggestionSubscriber,
    {
      provide: KNOWLEDGE_VECTORS,
      inject: [APP_CONFIG, ROOT_LOGGER, KnowledgeRepository],
      useFactory: (config: AppConfig, root: AppLogger, repository: KnowledgeRepository): KnowledgeVectors | null =>
        config.ai.pinecone.apiKey
          ? new KnowledgeVectors(
              new GeminiEmbedder(config),
              new PineconeVectorStore(config),
              repository,
              root.child({ module: 'knowledge' }),
            )
          : null,
    },
    {
      provide: RETRIEVER,
      inject: [KNOWLEDGE_VECTORS, LocalRetriever, ROOT_LOGGER, AiStatusRegistry],
      useFactory: (
        vectors: KnowledgeVectors | null,
        local: LocalRetriever,
        root: AppLogger,
        status: AiStatusRegistry,
      ) => (vectors ? new FallbackRetriever(vectors, local, root.child({ module: 'knowledge' }), status) : local),
    },
  ],
  exports: [KnowledgeService, RETRIEVER],
})
export class KnowledgeModule implements OnApplicationBootstrap {
  constructor(@Inject(KNOWLEDGE_VECTORS) private readonly vectors: KnowledgeVectors | null) {}

  /** Catches up on changes whose vectors an outage or a restart left unwritten; not awaited. */
  onApplicationBootstrap(): void {
    void this.vectors?.syncPending();
  }
}

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ROOT_LOGGER, type AppLogger } from '../common/logging/logging.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { KnowledgeService } from './knowledge.service';

/** In development the answer bot starts with something to answer from: the starter documents. */
@Injectable()
export class StarterKnowledgeBootstrap implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly logger: AppLogger,
    private readonly knowledge: KnowledgeService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.nodeEnv !== 'development') return;
    if ((await this.knowledge.stats()).total_documents > 0) return;
    const added = await this.knowledge.seedStarterDocuments();
    this.logger.warn({ module: 'knowledge', data: { added } }, 'starter_knowledge_seeded');
  }
}

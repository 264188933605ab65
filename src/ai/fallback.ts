import type { Logger } from 'pino';
import type {
  AnswerRequest,
  AnswerWriter,
  DepartmentRouter,
  HarmScreen,
  KnowledgeCategory,
  RetrievedChunk,
  Retriever,
  RoutingDecision,
  ScreeningVerdict,
  TicketText,
  WrittenAnswer,
} from './ai.ports';

/**
 * A hosted implementation with the local one behind it: a failure, a timeout or a malformed
 * answer never fails the caller, the local implementation decides instead, and the result says
 * which one did (`provider`).
 */
async function withFallback<T>(
  hosted: () => Promise<T>,
  local: () => Promise<T>,
  logger: Logger,
  what: string,
): Promise<T> {
  try {
    return await hosted();
  } catch (error) {
    logger.warn({ err: error, data: { what } }, 'hosted_ai_failed_local_used');
    return local();
  }
}

export class FallbackHarmScreen implements HarmScreen {
  constructor(
    private readonly hosted: HarmScreen,
    private readonly local: HarmScreen,
    private readonly logger: Logger,
  ) {}

  screen(text: TicketText): Promise<ScreeningVerdict> {
    return withFallback(
      () => this.hosted.screen(text),
      () => this.local.screen(text),
      this.logger,
      'harm_screen',
    );
  }
}

export class FallbackDepartmentRouter implements DepartmentRouter {
  constructor(
    private readonly hosted: DepartmentRouter,
    private readonly local: DepartmentRouter,
    private readonly logger: Logger,
  ) {}

  route(text: TicketText): Promise<RoutingDecision> {
    return withFallback(
      () => this.hosted.route(text),
      () => this.local.route(text),
      this.logger,
      'routing',
    );
  }
}

export class FallbackAnswerWriter implements AnswerWriter {
  constructor(
    private readonly hosted: AnswerWriter,
    private readonly local: AnswerWriter,
    private readonly logger: Logger,
  ) {}

  write(request: AnswerRequest): Promise<WrittenAnswer> {
    return withFallback(
      () => this.hosted.write(request),
      () => this.local.write(request),
      this.logger,
      'answer_writing',
    );
  }
}

/** Vector retrieval first; lexical when it fails. Each chunk's `retrieval` says which answered. */
export class FallbackRetriever implements Retriever {
  constructor(
    private readonly hosted: Retriever,
    private readonly local: Retriever,
    private readonly logger: Logger,
  ) {}

  search(query: string, options?: { categories?: KnowledgeCategory[]; limit?: number }): Promise<RetrievedChunk[]> {
    return withFallback(
      () => this.hosted.search(query, options),
      () => this.local.search(query, options),
      this.logger,
      'retrieval',
    );
  }
}

import type { Logger } from 'pino';
import type {
  AnswerRequest,
  AnswerWriter,
  DepartmentRouter,
  HarmScreen,
  RetrievedChunk,
  Retriever,
  RoutingDecision,
  ScreeningVerdict,
  TicketText,
  TopicLabeler,
  TopicLabelRequest,
  TopicLabels,
  WrittenAnswer,
} from './ai.ports';
import type { AiFailureRecorder, AiStatusPort } from './ai-status';
import type { KnowledgeCategory } from '../domain/department';

/**
 * A hosted implementation with the local one behind it: a failure, a timeout or a malformed
 * answer never fails the caller, the local implementation decides instead, and the result says
 * which one did (`provider`). The failure is logged and recorded for GET /admin/system-status,
 * whose last error per port tells an operator that answers are coming from the fallback.
 */
async function withFallback<T>(
  hosted: () => Promise<T>,
  local: () => Promise<T>,
  logger: Logger,
  port: AiStatusPort,
  failures: AiFailureRecorder,
): Promise<T> {
  try {
    return await hosted();
  } catch (error) {
    logger.warn({ err: error, data: { what: port } }, 'hosted_ai_failed_local_used');
    failures.recordFailure(port, error);
    return local();
  }
}

export class FallbackHarmScreen implements HarmScreen {
  constructor(
    private readonly hosted: HarmScreen,
    private readonly local: HarmScreen,
    private readonly logger: Logger,
    private readonly failures: AiFailureRecorder,
  ) {}

  screen(text: TicketText): Promise<ScreeningVerdict> {
    return withFallback(
      () => this.hosted.screen(text),
      () => this.local.screen(text),
      this.logger,
      'harm_screen',
      this.failures,
    );
  }
}

export class FallbackDepartmentRouter implements DepartmentRouter {
  constructor(
    private readonly hosted: DepartmentRouter,
    private readonly local: DepartmentRouter,
    private readonly logger: Logger,
    private readonly failures: AiFailureRecorder,
  ) {}

  route(text: TicketText): Promise<RoutingDecision> {
    return withFallback(
      () => this.hosted.route(text),
      () => this.local.route(text),
      this.logger,
      'department_router',
      this.failures,
    );
  }
}

export class FallbackAnswerWriter implements AnswerWriter {
  constructor(
    private readonly hosted: AnswerWriter,
    private readonly local: AnswerWriter,
    private readonly logger: Logger,
    private readonly failures: AiFailureRecorder,
  ) {}

  write(request: AnswerRequest): Promise<WrittenAnswer> {
    return withFallback(
      () => this.hosted.write(request),
      () => this.local.write(request),
      this.logger,
      'answer_writer',
      this.failures,
    );
  }
}

/** Gemini's labels, or the local labeller's unlabelled topics: trending topics answer either way. */
export class FallbackTopicLabeler implements TopicLabeler {
  constructor(
    private readonly hosted: TopicLabeler,
    private readonly local: TopicLabeler,
    private readonly logger: Logger,
    private readonly failures: AiFailureRecorder,
  ) {}

  label(request: TopicLabelRequest): Promise<TopicLabels> {
    return withFallback(
      () => this.hosted.label(request),
      () => this.local.label(request),
      this.logger,
      'topic_labeler',
      this.failures,
    );
  }
}

/**
 * Vector retrieval first; lexical when it fails. Each chunk's `retrieval` says which answered. A
 * vector search fails at the query's embedding or at Pinecone; both are the `embeddings` port's
 * failures on the status page.
 */
export class FallbackRetriever implements Retriever {
  constructor(
    private readonly hosted: Retriever,
    private readonly local: Retriever,
    private readonly logger: Logger,
    private readonly failures: AiFailureRecorder,
  ) {}

  search(query: string, options?: { categories?: KnowledgeCategory[]; limit?: number }): Promise<RetrievedChunk[]> {
    return withFallback(
      () => this.hosted.search(query, options),
      () => this.local.search(query, options),
      this.logger,
      'embeddings',
      this.failures,
    );
  }
}

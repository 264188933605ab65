import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ANSWER_WRITER, RETRIEVER, type AnswerWriter, type Retriever } from '../ai/ai.ports';
import { citedSources, selectRelevant } from '../ai/local/answer-composer';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AppError } from '../common/errors/app-error';
import { DomainEventBus } from '../events/domain-events';
import { KnowledgeService } from '../knowledge/knowledge.service';
import { MessagesRepository } from '../messages/messages.repository';
import { agentDepartment } from '../tickets/ticket.policy';
import { TicketAccess } from '../tickets/ticket-access.service';
import { AssistantSessionsRepository } from './assistant-sessions.repository';
import { KnowledgeGapsService } from './knowledge-gaps/knowledge-gaps.service';
import { answerFromKnowledge } from './self-serve-answer';
import type {
  SelfServeAnswerDto,
  SelfServeQueryDto,
  SuggestedResponseDto,
  SuggestResponseDto,
} from './dto/assistant.dto';
import type { KnowledgeCategory } from '../domain/department';

/** How much of a ticket's conversation informs a suggestion: the latest messages matter most. */
const CONTEXT_MESSAGES = 5;
/** Ticket texts are long and chatty: a quarter of their content words matching is a real match. */
const TICKET_COVERAGE = 0.25;
const SUGGESTION_PASSAGES = 5;

@Injectable()
export class AssistantService {
  constructor(
    private readonly sessions: AssistantSessionsRepository,
    @Inject(RETRIEVER) private readonly retriever: Retriever,
    @Inject(ANSWER_WRITER) private readonly writer: AnswerWriter,
    private readonly knowledge: KnowledgeService,
    private readonly tickets: TicketAccess,
    private readonly messages: MessagesRepository,
    private readonly events: DomainEventBus,
    private readonly knowledgeGaps: KnowledgeGapsService,
  ) {}

  async selfServe(caller: AuthenticatedUser, dto: SelfServeQueryDto): Promise<SelfServeAnswerDto> {
    const session = dto.session_id ? await this.sessions.find(dto.session_id, caller.id) : null;
    if (dto.session_id && !session) throw AppError.notFound('Session');
    const answer = await answerFromKnowledge(this.retriever, this.writer, dto.query, session?.exchanges ?? []);
    await this.knowledge.recordUsage(answer.sources.map((source) => source.document_id));

    const sessionId = dto.session_id ?? randomUUID();
    await this.sessions.appendExchange(sessionId, caller.id, { query: dto.query, answer: answer.text });
    // Nothing to cite is exactly when the bot abstained: the question is one the knowledge base lacks.
    if (answer.sources.length === 0) await this.knowledgeGaps.recordUnanswered(caller, sessionId, dto.query);
    return {
      answer: answer.text,
      isAI: true,
      session_id: sessionId,
      sources: answer.sources,
      provider: answer.provider,
    };
  }

  /** A draft for the agent to edit and send, grounded in the ticket, its conversation and the knowledge base. */
  async suggest(caller: AuthenticatedUser, dto: SuggestResponseDto): Promise<SuggestedResponseDto> {
    const ticket = await this.tickets.authorize(caller, dto.ticket_id, 'view');
    // The requester's newest turns, however long the ticket: they say where the problem stands now.
    const conversation =
      dto.conversation_context ??
      (await this.messages.latestFrom(ticket.id, ticket.user_id, CONTEXT_MESSAGES))
        .map((message) => message.content)
        .join(' ');
    const department = ticket.department ?? agentDepartment(caller.role);
    const categories: KnowledgeCategory[] = department ? [department, 'General'] : ['General'];
    const question = `${ticket.title} ${ticket.description} ${conversation}`.trim();
    const passages = selectRelevant(
      question,
      await this.retriever.search(question, { categories, limit: SUGGESTION_PASSAGES }),
      TICKET_COVERAGE,
    );
    const written = await this.writer.write({
      kind: 'suggestion',
      ticket: { title: ticket.title, description: ticket.description },
      conversation,
      passages,
    });
    const sources = citedSources(passages);
    const sourceIds = sources.map((source) => source.document_id);
    await this.knowledge.recordUsage(sourceIds);
    this.events.publish('on_ai_reply_suggested', { ticket, agent_id: caller.id, source_document_ids: sourceIds });
    return { suggested_response: written.text, isAI: true, sources, provider: written.provider };
  }
}

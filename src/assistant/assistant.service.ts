import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RETRIEVER, type KnowledgeCategory, type Retriever } from '../ai/ai.ports';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AppError } from '../common/errors/app-error';
import { DomainEventBus } from '../common/events/domain-events';
import { KnowledgeService } from '../knowledge/knowledge.service';
import { MessagesRepository } from '../messages/messages.repository';
import { agentDepartment } from '../tickets/ticket.policy';
import { TicketsService } from '../tickets/tickets.service';
import { composeAnswer, isFollowUp } from './answer-composer';
import { AssistantSessionsRepository } from './assistant-sessions.repository';
import type {
  SelfServeAnswerDto,
  SelfServeQueryDto,
  SuggestedResponseDto,
  SuggestResponseDto,
} from './dto/assistant.dto';

/** How much of a ticket's conversation informs a suggestion: the latest messages matter most. */
const CONTEXT_MESSAGES = 5;
/** Ticket texts are long and chatty: a quarter of their content words matching is a real match. */
const TICKET_COVERAGE = 0.25;
const PASSAGES = 5;

@Injectable()
export class AssistantService {
  constructor(
    private readonly sessions: AssistantSessionsRepository,
    @Inject(RETRIEVER) private readonly retriever: Retriever,
    private readonly knowledge: KnowledgeService,
    private readonly tickets: TicketsService,
    private readonly messages: MessagesRepository,
    private readonly events: DomainEventBus,
  ) {}

  async selfServe(caller: AuthenticatedUser, dto: SelfServeQueryDto): Promise<SelfServeAnswerDto> {
    const history = dto.session_id ? await this.sessions.findExchanges(dto.session_id, caller.id) : [];
    if (history === null) throw AppError.notFound('Session');
    const previous = history.at(-1)?.query;
    const searchText = previous && isFollowUp(dto.query) ? `${previous} ${dto.query}` : dto.query;

    const composed = composeAnswer(searchText, await this.retriever.search(searchText, { limit: PASSAGES }));
    await this.knowledge.recordUsage(composed.sources.map((source) => source.document_id));

    const sessionId = dto.session_id ?? randomUUID();
    await this.sessions.saveExchanges(sessionId, caller.id, [
      ...history,
      { query: dto.query, answer: composed.answer },
    ]);
    return { answer: composed.answer, isAI: true, session_id: sessionId, sources: composed.sources };
  }

  /** A draft for the agent to edit and send, grounded in the ticket, its conversation and the knowledge base. */
  async suggest(caller: AuthenticatedUser, dto: SuggestResponseDto): Promise<SuggestedResponseDto> {
    const ticket = await this.tickets.authorize(caller, dto.ticket_id, 'view');
    const conversation =
      dto.conversation_context ??
      (await this.messages.listForTicket(ticket.id))
        .filter((message) => message.sender_role === 'user')
        .slice(-CONTEXT_MESSAGES)
        .map((message) => message.content)
        .join(' ');
    const department = ticket.department ?? agentDepartment(caller.role);
    const categories: KnowledgeCategory[] = department ? [department, 'General'] : ['General'];
    const question = `${ticket.title} ${ticket.description} ${conversation}`.trim();
    const composed = composeAnswer(
      question,
      await this.retriever.search(question, { categories, limit: PASSAGES }),
      TICKET_COVERAGE,
    );

    const suggestion =
      composed.sources.length > 0
        ? `Hello, thank you for your ticket "${ticket.title}". ${composed.answer.replace(/^According to the knowledge base: /, '')} Please let me know whether this solves it.`
        : `Hello, thank you for your ticket "${ticket.title}". I am looking into it; could you tell me when it started, what you see exactly (any error message), and what you have tried so far?`;
    await this.knowledge.recordUsage(composed.sources.map((source) => source.document_id));
    this.events.publish('on_ai_reply_suggested', {
      ticket,
      agent_id: caller.id,
      source_document_ids: composed.sources.map((source) => source.document_id),
    });
    return { suggested_response: suggestion, isAI: true, sources: composed.sources };
  }
}

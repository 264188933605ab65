import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AppError } from '../common/errors/app-error';
import { DomainEventBus } from '../events/domain-events';
import { isObjectIdString } from '../common/http/object-id.pipe';
import { buildPagination, skipFor } from '../common/http/pagination';
import { KnowledgeService } from '../knowledge/knowledge.service';
import { decideMessageRating } from '../tickets/ticket.policy';
import { TicketAccess } from '../tickets/ticket-access.service';
import { TicketsRepository } from '../tickets/tickets.repository';
import type {
  ListMessagesQueryDto,
  MessageFeedbackDto,
  MessageListResponseDto,
  PostMessageDto,
} from './dto/message.dto';
import type { MessageCursor } from './messages.repository';
import { MessagesRepository } from './messages.repository';
import { type MessageResponseDto, toMessageResponse } from './dto/message-response.dto';

const VOTE = { up: 1, none: 0, down: -1 } as const;

/** A validated cursor value (a message id, or an ISO timestamp the DTO let through) as a position. */
function parseCursor(field: 'after' | 'before', value: string): MessageCursor {
  if (isObjectIdString(value)) return { kind: 'message', id: value };
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) {
    throw AppError.validation(`${field} is not a valid timestamp`, {
      fields: [{ field, problems: ['invalid date'] }],
    });
  }
  return { kind: 'time', at };
}

/** The conversation inside a ticket: the one path that stores messages, for REST and sockets alike. */
@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly tickets: TicketAccess,
    private readonly events: DomainEventBus,
    private readonly knowledge: KnowledgeService,
    private readonly ticketStore: TicketsRepository,
  ) {}

  async post(caller: AuthenticatedUser, ticketId: string, dto: PostMessageDto): Promise<MessageResponseDto> {
    const ticket = await this.tickets.authorize(caller, ticketId, 'post_message');
    if (dto.isAI === true && caller.role === 'user') {
      throw AppError.forbidden('Only agents send AI-drafted replies');
    }
    const message = await this.messages.create(
      {
        ticket_id: ticket.id,
        sender_id: caller.id,
        sender_role: caller.role,
        message_type: caller.role === 'user' ? 'user_message' : 'agent_message',
        content: dto.content,
        isAI: dto.isAI ?? false,
        source_document_ids: [...new Set(dto.source_document_ids ?? [])],
      },
      new Date(),
    );
    if (message.message_type === 'agent_message' && ticket.sla && !ticket.sla.first_response_at) {
      await this.ticketStore.recordFirstResponse(ticket.id, message.timestamp);
    }
    this.events.publish('on_message_sent', { message, ticket });
    return toMessageResponse(message);
  }

  async list(
    caller: AuthenticatedUser,
    ticketId: string,
    query: ListMessagesQueryDto,
  ): Promise<MessageListResponseDto> {
    const ticket = await this.tickets.authorize(caller, ticketId, 'view');
    const cursors = {
      ...(query.after === undefined ? {} : { after: parseCursor('after', query.after) }),
      ...(query.before === undefined ? {} : { before: parseCursor('before', query.before) }),
    };
    const page = await this.messages.page(ticket.id, cursors, skipFor(query.page, query.limit), query.limit);
    if ('missing' in page) throw AppError.notFound(`The message given as \`${page.missing}\``);
    return {
      messages: page.messages.map(toMessageResponse),
      total_count: page.total,
      pagination: buildPagination(page.total, query.page, query.limit),
    };
  }

  /** Anyone who may see the ticket rates a message, as the ticket policy decides (decideMessageRating). */
  async rate(
    caller: AuthenticatedUser,
    ticketId: string,
    messageId: string,
    dto: MessageFeedbackDto,
  ): Promise<MessageResponseDto> {
    const ticket = await this.tickets.authorize(caller, ticketId, 'view');
    const message = await this.messages.findInTicket(ticket.id, messageId);
    if (!message) throw AppError.notFound('Message');
    const rating = decideMessageRating(caller, message);
    if (rating.outcome === 'forbidden') throw AppError.forbidden(rating.message);
    const before = await this.messages.setFeedback(message.id, dto.feedback);
    if (!before) throw AppError.notFound('Message');
    // An AI reply's rating moves its sources' effectiveness by the change in vote (up 1, none 0, down -1).
    const delta = VOTE[dto.feedback] - VOTE[before.feedback];
    if (before.isAI && delta !== 0) await this.knowledge.adjustEffectiveness(before.source_document_ids, delta);
    return toMessageResponse({ ...before, feedback: dto.feedback });
  }
}

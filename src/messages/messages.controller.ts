import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '../common/auth/access.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { EXAMPLE_IDS } from '../common/http/example-ids';
import { ObjectIdPipe } from '../common/http/object-id.pipe';
import { ApiErrors } from '../common/http/openapi/api-errors';
import { TicketIdPipe } from '../tickets/ticket-id.pipe';
import { ListMessagesQueryDto, MessageFeedbackDto, MessageListResponseDto, PostMessageDto } from './dto/message.dto';
import { MessagesService } from './messages.service';
import { MessageResponseDto } from './dto/message-response.dto';

@ApiTags('Messages')
@Authenticated()
@ApiParam({ name: 'id', description: 'The ticket_id (TKT-…) or the ticket ObjectId', example: EXAMPLE_IDS.ticketId })
@Controller('tickets/:id/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @ApiOperation({
    summary: 'Post to the ticket conversation (stored, then broadcast to the ticket room)',
    description:
      'The requester, agents who may see the ticket, and admins; not on closed tickets. Sender, role and message ' +
      'type come from the token. Live clients in the ticket room get it as new_message_in_ticket.',
  })
  @ApiBody({
    type: PostMessageDto,
    examples: {
      requester: { summary: 'The requester answers', value: { content: 'I restarted it, still the same.' } },
      aiDraft: {
        summary: 'An agent sends an AI-drafted reply (from POST /ai/suggest-response)',
        value: {
          content: 'Please hold the power button for 30 seconds, then start the laptop again.',
          isAI: true,
          source_document_ids: [],
        },
      },
    },
  })
  @ApiCreatedResponse({ type: MessageResponseDto })
  @ApiErrors({
    VALIDATION_ERROR: 'source_document_ids without isAI true',
    AUTHZ_FORBIDDEN: 'only agents send AI-drafted replies (isAI true)',
    NOT_FOUND: 'no such ticket, or one the caller may not see',
    CONFLICT: 'the ticket is closed',
  })
  post(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', TicketIdPipe) id: string,
    @Body() dto: PostMessageDto,
  ): Promise<MessageResponseDto> {
    return this.messages.post(caller, id, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'The conversation, oldest first; `after` returns only what came later, `before` what came earlier',
    description:
      'Paginated, every page oldest first, ordered by timestamp and id. With `after` (a message id or a ' +
      'timestamp) a reconnecting client gets exactly the messages it missed. With `before`, pages run backwards ' +
      'from the cursor: a client holding the newest messages of GET /tickets/{id} scrolls back with the id of ' +
      'the first one.',
  })
  @ApiOkResponse({ type: MessageListResponseDto })
  @ApiErrors({
    NOT_FOUND: 'no such ticket (or one the caller may not see), or no such message as the after or before cursor',
  })
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', TicketIdPipe) id: string,
    @Query() query: ListMessagesQueryDto,
  ): Promise<MessageListResponseDto> {
    return this.messages.list(caller, id, query);
  }

  @Put(':message_id/feedback')
  @ApiParam({ name: 'message_id', description: 'The message ObjectId' })
  @ApiOperation({
    summary: 'Rate a message up, down or none (not your own)',
    description:
      'Anyone who may see the ticket, except the sender. Rating an AI-drafted reply moves the effectiveness score ' +
      'of the knowledge-base documents it drew on.',
  })
  @ApiOkResponse({
    type: MessageResponseDto,
    example: {
      id: '69248cb8a4b5c6d7e8f90302',
      ticket_id: EXAMPLE_IDS.ticket,
      sender_id: EXAMPLE_IDS.itAgent,
      sender_role: 'it_agent',
      message_type: 'agent_message',
      content: 'Please hold the power button for 30 seconds, then start the laptop again.',
      isAI: true,
      feedback: 'up',
      timestamp: '2025-11-24T16:50:00.000Z',
      source_document_ids: [],
    },
  })
  @ApiErrors({
    AUTHZ_FORBIDDEN: 'the caller sent the message, and it is not an AI-drafted reply',
    NOT_FOUND: 'no such ticket (or one the caller may not see), or no such message on it',
  })
  rate(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', TicketIdPipe) id: string,
    @Param('message_id', ObjectIdPipe) messageId: string,
    @Body() dto: MessageFeedbackDto,
  ): Promise<MessageResponseDto> {
    return this.messages.rate(caller, id, messageId, dto);
  }
}

import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '../common/auth/access.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ObjectIdPipe } from '../common/http/object-id.pipe';
import { MessageResponseDto } from '../tickets/dto/ticket-response.dto';
import { TicketIdPipe } from '../tickets/ticket-id.pipe';
import { ListMessagesQueryDto, MessageFeedbackDto, MessageListResponseDto, PostMessageDto } from './dto/message.dto';
import { MessagesService } from './messages.service';

@ApiTags('Messages')
@Authenticated()
@ApiParam({ name: 'id', description: 'The ticket_id (TKT-…) or the ticket ObjectId' })
@Controller('tickets/:id/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @ApiOperation({
    summary: 'Post to the ticket conversation (stored, then broadcast to the ticket room)',
    description: 'The requester, agents who may see the ticket, and admins; not on closed tickets.',
  })
  @ApiCreatedResponse({ type: MessageResponseDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such ticket, or not visible to the caller' })
  post(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', TicketIdPipe) id: string,
    @Body() dto: PostMessageDto,
  ): Promise<MessageResponseDto> {
    return this.messages.post(caller, id, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The conversation, oldest first; `after` returns only what came later' })
  @ApiOkResponse({ type: MessageListResponseDto })
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', TicketIdPipe) id: string,
    @Query() query: ListMessagesQueryDto,
  ): Promise<MessageListResponseDto> {
    return this.messages.list(caller, id, query);
  }

  @Put(':message_id/feedback')
  @ApiParam({ name: 'message_id', description: 'The message ObjectId' })
  @ApiOperation({ summary: 'Rate a message up, down or none (not your own)' })
  @ApiOkResponse({ type: MessageResponseDto })
  rate(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', TicketIdPipe) id: string,
    @Param('message_id', ObjectIdPipe) messageId: string,
    @Body() dto: MessageFeedbackDto,
  ): Promise<MessageResponseDto> {
    return this.messages.rate(caller, id, messageId, dto);
  }
}

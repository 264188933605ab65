import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, Roles } from '../common/auth/access.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ApiErrors } from '../common/http/openapi/api-errors';
import { RequesterTicketDto } from '../tickets/dto/ticket-response.dto';
import { SESSION_IDLE_DAYS, SESSION_MEMORY } from './assistant-session.schema';
import { AssistantService } from './assistant.service';
import {
  SELF_SERVE_QUERY_EXAMPLE,
  SELF_SERVE_SESSION_EXAMPLE,
  SelfServeAnswerDto,
  SelfServeQueryDto,
  SuggestedResponseDto,
  SuggestResponseDto,
} from './dto/assistant.dto';
import {
  RaiseSessionTicketDto,
  SESSION_TICKET_EXAMPLE,
  TICKET_DESCRIPTION_LENGTH,
  TICKET_TITLE_LENGTH,
} from './dto/session-ticket.dto';
import { SelfServeTicketsService } from './self-serve-tickets.service';
import { SessionIdPipe } from './session-id.pipe';

const SESSIONS_EXPIRE = `sessions expire ${SESSION_IDLE_DAYS} days after their last question`;

@ApiTags('AI')
@Controller('ai')
export class AssistantController {
  constructor(
    private readonly assistant: AssistantService,
    private readonly selfServeTickets: SelfServeTicketsService,
  ) {}

  @Post('self-serve-query')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Ask the self-serve bot; answers come from the knowledge base, cited, or it says it has nothing',
    description:
      'Pass the returned session_id to ask follow-up questions: the last 3 exchanges are kept as context. When ' +
      'the knowledge base has nothing relevant, sources is empty and the answer suggests raising a ticket.',
  })
  @ApiBody({
    type: SelfServeQueryDto,
    examples: {
      first: { summary: 'A first question (starts a session)', value: SELF_SERVE_QUERY_EXAMPLE },
    },
  })
  @ApiOkResponse({ type: SelfServeAnswerDto })
  @ApiErrors({
    NOT_FOUND: `session_id names no session of the caller (${SESSIONS_EXPIRE})`,
  })
  selfServe(@CurrentUser() caller: AuthenticatedUser, @Body() dto: SelfServeQueryDto): Promise<SelfServeAnswerDto> {
    return this.assistant.selfServe(caller, dto);
  }

  @Post('self-serve-sessions/:session_id/ticket')
  @Roles('user')
  @ApiParam({ name: 'session_id', example: SELF_SERVE_SESSION_EXAMPLE })
  @ApiOperation({
    summary: 'Raise a ticket from a self-serve session, drafted from what was asked and answered',
    description:
      `The title is the session's first question (cut at a word to ${TICKET_TITLE_LENGTH.max} characters), the ` +
      `description the session's last ${SESSION_MEMORY} questions with the bot's answers (within ` +
      `${TICKET_DESCRIPTION_LENGTH.max} characters), saying it came from the ` +
      'session; title, description and urgency in the body replace the drafted ones, with the rules of POST ' +
      '/tickets. The ticket goes through the normal intake (rate limit → harm screen → routing → assignment) and ' +
      'is answered as POST /tickets answers it. One ticket per session: a second request answers 409 naming it. ' +
      'A refused intake (429) leaves the session as it was. Requesters only, on their own sessions.',
  })
  @ApiBody({
    type: RaiseSessionTicketDto,
    required: false,
    examples: {
      draft: { summary: 'Raise the drafted ticket as it is', value: {} },
      edited: {
        summary: 'Raise it with a title and urgency of your own',
        value: { title: 'Booking the company helicopter for a client visit', urgency: 'high' },
      },
    },
  })
  @ApiCreatedResponse({
    type: RequesterTicketDto,
    example: SESSION_TICKET_EXAMPLE,
    description: 'The ticket raised, as POST /tickets answers its requester (held for review if the screen flagged it)',
  })
  @ApiErrors({
    NOT_FOUND: `no session with this id of the caller (${SESSIONS_EXPIRE})`,
    CONFLICT:
      'a ticket was already raised from this session (details.ticket_id names it), or one is being raised ' +
      'from it right now (details.ticket_id null)',
    RATE_LIMIT_EXCEEDED: 'TICKETS_PER_DAY tickets in the trailing 24 h; Retry-After says when the next one fits',
  })
  raiseTicket(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('session_id', SessionIdPipe) sessionId: string,
    @Body() dto: RaiseSessionTicketDto,
  ): Promise<RequesterTicketDto> {
    return this.selfServeTickets.raise(caller, sessionId, dto);
  }

  @Post('suggest-response')
  @HttpCode(200)
  @Roles('it_agent', 'hr_agent')
  @ApiOperation({
    summary: "Draft a reply for a ticket of the agent's department, grounded in the knowledge base",
    description:
      'Without conversation_context the stored conversation is used. The draft is not sent: post it with ' +
      'POST /tickets/{id}/messages and isAI true, with its sources as source_document_ids.',
  })
  @ApiOkResponse({ type: SuggestedResponseDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such ticket, or one of the other department' })
  suggest(@CurrentUser() caller: AuthenticatedUser, @Body() dto: SuggestResponseDto): Promise<SuggestedResponseDto> {
    return this.assistant.suggest(caller, dto);
  }
}

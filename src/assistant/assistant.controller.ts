import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, Roles } from '../common/auth/access.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ApiErrors } from '../common/http/openapi/api-errors';
import { AssistantService } from './assistant.service';
import {
  SELF_SERVE_QUERY_EXAMPLE,
  SelfServeAnswerDto,
  SelfServeQueryDto,
  SuggestedResponseDto,
  SuggestResponseDto,
} from './dto/assistant.dto';

@ApiTags('AI')
@Controller('ai')
export class AssistantController {
  constructor(private readonly assistant: AssistantService) {}

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
  @ApiErrors({ NOT_FOUND: 'session_id names no session of the caller (sessions expire)' })
  selfServe(@CurrentUser() caller: AuthenticatedUser, @Body() dto: SelfServeQueryDto): Promise<SelfServeAnswerDto> {
    return this.assistant.selfServe(caller, dto);
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

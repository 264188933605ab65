import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../common/auth/access.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { ApiErrors } from '../../common/http/openapi/api-errors';
import {
  APPROVED_SUGGESTION_EXAMPLE,
  ApproveKnowledgeSuggestionDto,
  DISMISSED_SUGGESTION_EXAMPLE,
  KnowledgeSuggestionDto,
  KnowledgeSuggestionListDto,
  ListKnowledgeSuggestionsQueryDto,
  SuggestionIdParam,
} from './dto/knowledge-suggestion.dto';
import { KnowledgeSuggestionsService } from './knowledge-suggestions.service';

const GONE = 'no suggestion with this id (a pending one goes when its ticket is deleted)';
const DECIDED = 'the suggestion was already approved or dismissed (details.status says which)';

@ApiTags('Knowledge base')
@Roles('admin')
@Controller('admin/knowledge-suggestions')
export class KnowledgeSuggestionsController {
  constructor(private readonly suggestions: KnowledgeSuggestionsService) {}

  @Get()
  @ApiOperation({
    summary: 'Draft FAQs learnt from resolved tickets, newest first',
    description:
      "Resolving a ticket drafts one: the ticket's title and description as the question, what staff wrote on it as " +
      'the answer, in its department. None for a ticket without a staff reply, held for review or never routed; ' +
      'at most one per ticket (resolving it again after a reopen redrafts a pending one). The text is shown as the ' +
      'requester and agents wrote it. Paginated, optionally one status.',
  })
  @ApiOkResponse({ type: KnowledgeSuggestionListDto })
  list(@Query() query: ListKnowledgeSuggestionsQueryDto): Promise<KnowledgeSuggestionListDto> {
    return this.suggestions.list(query);
  }

  @Post(':id/approve')
  @ApiOperation({
    summary: 'Publish a pending suggestion as a knowledge-base document, edited first if need be',
    description:
      'Creates the document as POST /admin/documents would (chunked and searchable at once, tagged faq) from the ' +
      'draft, with any of title, content and category the body sets instead; answers the suggestion with the new ' +
      'document_id. The body may be left out.',
  })
  @ApiBody({
    type: ApproveKnowledgeSuggestionDto,
    examples: {
      asDrafted: { summary: 'Publish the draft as it is', value: {} },
      retitled: { summary: 'Publish it under a clearer title', value: { title: APPROVED_SUGGESTION_EXAMPLE.title } },
    },
  })
  @ApiCreatedResponse({ type: KnowledgeSuggestionDto, example: APPROVED_SUGGESTION_EXAMPLE })
  @ApiErrors({
    NOT_FOUND: GONE,
    CONFLICT: DECIDED,
    VALIDATION_ERROR: 'the content has no text to answer from (headings only)',
  })
  approve(
    @Param() { id }: SuggestionIdParam,
    @Body() edits: ApproveKnowledgeSuggestionDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<KnowledgeSuggestionDto> {
    return this.suggestions.approve(id, caller.id, edits);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Keep a pending suggestion out of the knowledge base',
    description: 'Records who dismissed it and when; it stays listed as dismissed, and its ticket drafts no other.',
  })
  @ApiOkResponse({ type: KnowledgeSuggestionDto, example: DISMISSED_SUGGESTION_EXAMPLE })
  @ApiErrors({ NOT_FOUND: GONE, CONFLICT: DECIDED })
  dismiss(
    @Param() { id }: SuggestionIdParam,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<KnowledgeSuggestionDto> {
    return this.suggestions.dismiss(id, caller.id);
  }
}

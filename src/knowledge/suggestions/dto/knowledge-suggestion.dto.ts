import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsMongoId, IsString, Length, Matches } from 'class-validator';
import { EXAMPLE_IDS, EXAMPLE_TIMES, type AsJson } from '../../../common/http/example-ids';
import { Optional } from '../../../common/http/optional';
import { PaginationDto, PaginationQueryDto } from '../../../common/http/pagination';
import { Trimmed } from '../../../common/http/trimmed';
import { CREATE_TICKET_EXAMPLE } from '../../../tickets/dto/ticket-requests.dto';
import { HAS_TEXT, HAS_TEXT_MESSAGE, MAX_DOCUMENT_CHARS } from '../../dto/knowledge.dto';
import {
  MAX_QUESTION_CHARS,
  MAX_TITLE_CHARS,
  SUGGESTION_STATUSES,
  type SuggestionStatus,
} from '../knowledge-suggestion.types';
import { KNOWLEDGE_CATEGORIES, type KnowledgeCategory } from '../../../domain/department';

/**
 * The example story: alice's "Laptop does not boot" (routed to IT) is resolved at 17:30 after
 * it.agent's replies, which drafts this FAQ; an admin approves it the next morning.
 */
export const PENDING_SUGGESTION_EXAMPLE = {
  id: '69249618a4b5c6d7e8f90601',
  status: 'pending',
  title: CREATE_TICKET_EXAMPLE.title,
  question: CREATE_TICKET_EXAMPLE.description,
  answer:
    'Hold the power button for 15 seconds, then start the laptop with the charger plugged in.\n\n' +
    'If the screen stays black, bring it to the IT desk on floor 2 for a replacement.',
  category: 'IT',
  source_ticket_id: EXAMPLE_IDS.ticketId,
  created_at: EXAMPLE_TIMES.ticketResolved,
  updated_at: EXAMPLE_TIMES.ticketResolved,
  reviewed_by: null,
  reviewed_at: null,
  document_id: null,
} as const satisfies AsJson<KnowledgeSuggestionDto>;

const APPROVED_AT = '2025-11-25T09:30:00.000Z';

/** The same suggestion once approved with a clearer title: the document KB-1764063000000-F4Q7ZD. */
export const APPROVED_SUGGESTION_EXAMPLE = {
  ...PENDING_SUGGESTION_EXAMPLE,
  status: 'approved',
  title: 'Laptop shows a black screen after the logo',
  updated_at: APPROVED_AT,
  reviewed_by: EXAMPLE_IDS.admin,
  reviewed_at: APPROVED_AT,
  document_id: 'KB-1764063000000-F4Q7ZD',
} as const satisfies AsJson<KnowledgeSuggestionDto>;

export const DISMISSED_SUGGESTION_EXAMPLE = {
  ...PENDING_SUGGESTION_EXAMPLE,
  status: 'dismissed',
  updated_at: APPROVED_AT,
  reviewed_by: EXAMPLE_IDS.admin,
  reviewed_at: APPROVED_AT,
} as const satisfies AsJson<KnowledgeSuggestionDto>;

export class ListKnowledgeSuggestionsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: SUGGESTION_STATUSES, description: 'Only suggestions in this state (default: all)' })
  @Optional()
  @IsIn(SUGGESTION_STATUSES)
  status?: SuggestionStatus;
}

export class SuggestionIdParam {
  @IsMongoId({ message: 'id must be a suggestion id (24 hex characters)' })
  id!: string;
}

/** What the admin changes before publishing; each field left out keeps the draft's. */
export class ApproveKnowledgeSuggestionDto {
  @ApiPropertyOptional({
    description: "The document's title (default: the ticket's title)",
    example: APPROVED_SUGGESTION_EXAMPLE.title,
  })
  @Optional()
  @Trimmed()
  @IsString()
  @Length(1, MAX_TITLE_CHARS)
  title?: string;

  @ApiPropertyOptional({
    description: "The document's content, plain text or Markdown (default: the drafted answer)",
    example: PENDING_SUGGESTION_EXAMPLE.answer,
  })
  // As POST /admin/documents takes content: some text in it, not trimmed. A trimmed 200,000-character
  // field needs a pattern too long for schema tools to use (the contract fuzzer dropped it).
  @Optional()
  @IsString()
  @Length(1, MAX_DOCUMENT_CHARS)
  @Matches(HAS_TEXT, { message: HAS_TEXT_MESSAGE })
  content?: string;

  @ApiPropertyOptional({
    enum: KNOWLEDGE_CATEGORIES,
    description: "The document's category (default: the ticket's department); General for answers that fit both",
  })
  @Optional()
  @IsIn(KNOWLEDGE_CATEGORIES)
  category?: KnowledgeCategory;
}

export class KnowledgeSuggestionDto {
  @ApiProperty({ example: PENDING_SUGGESTION_EXAMPLE.id }) id!: string;
  @ApiProperty({ enum: SUGGESTION_STATUSES, example: PENDING_SUGGESTION_EXAMPLE.status }) status!: SuggestionStatus;
  @ApiProperty({
    example: PENDING_SUGGESTION_EXAMPLE.title,
    maxLength: MAX_TITLE_CHARS,
    description: "The ticket's title, proposed as the document's title; once approved, the title it was published with",
  })
  title!: string;
  @ApiProperty({
    example: PENDING_SUGGESTION_EXAMPLE.question,
    maxLength: MAX_QUESTION_CHARS,
    description: "The ticket's description: the question in the requester's words, as they wrote it",
  })
  question!: string;
  @ApiProperty({
    example: PENDING_SUGGESTION_EXAMPLE.answer,
    maxLength: MAX_DOCUMENT_CHARS,
    description:
      'What staff wrote on the ticket (its newest 20 replies, oldest first, a paragraph each), as they wrote it; ' +
      'once approved, the content the document was published with',
  })
  answer!: string;
  @ApiProperty({
    enum: KNOWLEDGE_CATEGORIES,
    example: PENDING_SUGGESTION_EXAMPLE.category,
    description: "The ticket's department; once approved, the document's category",
  })
  category!: KnowledgeCategory;
  @ApiProperty({
    example: PENDING_SUGGESTION_EXAMPLE.source_ticket_id,
    description: 'The resolved ticket it was drafted from',
  })
  source_ticket_id!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: PENDING_SUGGESTION_EXAMPLE.created_at,
    description: 'When the ticket was first resolved',
  })
  created_at!: Date;
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: PENDING_SUGGESTION_EXAMPLE.updated_at,
    description: 'The last change: a redraft when the reopened ticket was resolved again, or the review',
  })
  updated_at!: Date;
  @ApiProperty({
    type: String,
    nullable: true,
    example: APPROVED_SUGGESTION_EXAMPLE.reviewed_by,
    description: 'The admin who approved or dismissed it; null while pending',
  })
  reviewed_by!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: APPROVED_SUGGESTION_EXAMPLE.reviewed_at,
    description: 'When it was approved or dismissed; null while pending',
  })
  reviewed_at!: Date | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: APPROVED_SUGGESTION_EXAMPLE.document_id,
    description:
      'The knowledge-base document the approval created (GET /admin/documents/{document_id}); null otherwise',
  })
  document_id!: string | null;
}

export class KnowledgeSuggestionListDto {
  @ApiProperty({ type: [KnowledgeSuggestionDto], example: [PENDING_SUGGESTION_EXAMPLE] })
  suggestions!: KnowledgeSuggestionDto[];
  @ApiProperty({ example: 1 }) total_count!: number;
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
}

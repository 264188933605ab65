import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';
import type { AiProvider } from '../../ai/ai.ports';
import { EXAMPLE_IDS } from '../../common/http/example-ids';
import { Optional } from '../../common/http/optional';
import { Trimmed } from '../../common/http/trimmed';
import { IsTicketRef } from '../../tickets/ticket-id';

/** The session the examples ask in (and raise a ticket from). */
export const SELF_SERVE_SESSION_EXAMPLE = 'b0949436-ba0f-4871-b5d2-ca45421b11a8';

/** The first question of the examples; the answer is what the local composer makes of the starter documents. */
export const SELF_SERVE_QUERY_EXAMPLE = { query: 'How many vacation days do I get?' } as const;

export class SelfServeQueryDto {
  @ApiProperty({ example: SELF_SERVE_QUERY_EXAMPLE.query, maxLength: 500 })
  @Trimmed()
  @IsString()
  @Length(1, 500)
  query!: string;

  @ApiPropertyOptional({
    description: 'Continue a conversation: the session_id of a previous answer (leave it out to start one)',
    example: SELF_SERVE_SESSION_EXAMPLE,
  })
  @Optional()
  @IsUUID('4')
  session_id?: string;
}

export class SuggestResponseDto {
  @ApiProperty({ description: 'The ticket_id (TKT-…) or the ObjectId', example: EXAMPLE_IDS.ticketId })
  @IsString()
  @IsTicketRef()
  ticket_id!: string;

  @ApiPropertyOptional({
    description: 'Text to answer instead of the stored conversation',
    maxLength: 4000,
    example: 'The laptop still shows a black screen after a restart.',
  })
  @Optional()
  @Trimmed()
  @IsString()
  @Length(1, 4000)
  conversation_context?: string;
}

const PROVIDER_DESCRIPTION =
  'Who wrote the text: gemini when configured and it answered in time, otherwise the local composer';

export class SourceDto {
  @ApiProperty({ example: EXAMPLE_IDS.document }) document_id!: string;
  @ApiProperty({ example: 'Annual leave' }) title!: string;
  @ApiProperty({ example: 27.362, description: 'Retrieval score of its best passage; higher is better' })
  score!: number;
}

/** What the local composer answers to the example question from the starter knowledge base. */
export const SELF_SERVE_ANSWER_EXAMPLE =
  'According to the knowledge base: Full-time employees get 25 vacation days per calendar year; part-time ' +
  'employees get a proportional share. (source: Annual leave, Entitlement) Up to 5 unused vacation days move to ' +
  'the next year and expire on 31 March. (source: Annual leave, Requesting leave › Carry-over)';

export class SelfServeAnswerDto {
  @ApiProperty({ example: SELF_SERVE_ANSWER_EXAMPLE }) answer!: string;
  @ApiProperty({ example: true }) isAI!: true;
  @ApiProperty({ example: SELF_SERVE_SESSION_EXAMPLE, description: 'Send it back to ask a follow-up question' })
  session_id!: string;
  @ApiProperty({ type: [SourceDto], description: 'Empty when the knowledge base had nothing relevant' })
  sources!: SourceDto[];
  @ApiProperty({ enum: ['local', 'gemini'], example: 'local', description: PROVIDER_DESCRIPTION })
  provider!: AiProvider;
}

export class SuggestedResponseDto {
  @ApiProperty({
    example:
      'Hello, thank you for your ticket "Laptop does not boot". I am looking into it; could you tell me when it ' +
      'started, what you see exactly (any error message), and what you have tried so far?',
  })
  suggested_response!: string;
  @ApiProperty({ example: true }) isAI!: true;
  @ApiProperty({
    type: [SourceDto],
    example: [],
    description: 'The documents the draft drew on; empty when none was relevant (the draft then asks for details)',
  })
  sources!: SourceDto[];
  @ApiProperty({ enum: ['local', 'gemini'], example: 'local', description: PROVIDER_DESCRIPTION })
  provider!: AiProvider;
}

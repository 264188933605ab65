import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches } from 'class-validator';
import type { AiProvider } from '../../ai/ai.ports';
import { Optional } from '../../common/http/optional';
import { Trimmed } from '../../tickets/dto/ticket-fields';

export class SelfServeQueryDto {
  @ApiProperty({ example: 'How many vacation days do I get?', maxLength: 500 })
  @Trimmed()
  @IsString()
  @Length(1, 500)
  query!: string;

  @ApiPropertyOptional({ description: 'Continue a conversation (from a previous answer)' })
  @Optional()
  @IsUUID('4')
  session_id?: string;
}

export class SuggestResponseDto {
  @ApiProperty({ description: 'The ticket_id (TKT-…) or the ObjectId' })
  @IsString()
  @Matches(/^([0-9a-f]{24}|TKT-\d{13,}-[A-Z0-9]{6})$/, {
    message: 'ticket_id must be a ticket_id (TKT-…) or an ObjectId',
  })
  ticket_id!: string;

  @ApiPropertyOptional({ description: 'Text to answer instead of the stored conversation', maxLength: 4000 })
  @Optional()
  @Trimmed()
  @IsString()
  @Length(1, 4000)
  conversation_context?: string;
}

const PROVIDER_DESCRIPTION =
  'Who wrote the text: gemini when configured and it answered in time, otherwise the local composer';

export class SourceDto {
  @ApiProperty() document_id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() score!: number;
}

export class SelfServeAnswerDto {
  @ApiProperty() answer!: string;
  @ApiProperty({ example: true }) isAI!: true;
  @ApiProperty() session_id!: string;
  @ApiProperty({ type: [SourceDto], description: 'Empty when the knowledge base had nothing relevant' })
  sources!: SourceDto[];
  @ApiProperty({ enum: ['local', 'gemini'], description: PROVIDER_DESCRIPTION }) provider!: AiProvider;
}

export class SuggestedResponseDto {
  @ApiProperty() suggested_response!: string;
  @ApiProperty({ example: true }) isAI!: true;
  @ApiProperty({ type: [SourceDto] }) sources!: SourceDto[];
  @ApiProperty({ enum: ['local', 'gemini'], description: PROVIDER_DESCRIPTION }) provider!: AiProvider;
}

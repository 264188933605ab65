import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, Length, Matches } from 'class-validator';
import { PaginationDto, PaginationQueryDto } from '../../common/http/pagination';
import { Trimmed } from '../../common/http/trimmed';
import { MESSAGE_FEEDBACK, type MessageFeedback } from '../message.schema';
import { timestampedIdPattern } from '../../common/ids';
import { DATE_TIME_SCHEMA, isRfc3339DateTime } from '../../common/http/instants';
import { isObjectIdString, OBJECT_ID_SCHEMA } from '../../common/http/object-id.pipe';
import { DocumentedBodyRule, DocumentedRule } from '../../common/http/openapi/documented-rule';
import { Optional } from '../../common/http/optional';
import { MessageResponseDto } from './message-response.dto';

export const MESSAGE_MAX_LENGTH = 1000;

/** Sources name where an AI draft came from, so a message that is not one (isAI: true) has none. */
const SourcesOnlyOnAiReplies = (): PropertyDecorator =>
  DocumentedBodyRule({
    name: 'sourcesOnlyOnAiReplies',
    schema: {
      anyOf: [
        { required: ['isAI'], properties: { isAI: { enum: [true] } } },
        { not: { required: ['source_document_ids'] } },
        { properties: { source_document_ids: { maxItems: 0 } } },
      ],
    },
    validate: (value, body) =>
      (body as { isAI?: unknown }).isAI === true || !Array.isArray(value) || value.length === 0,
    message: () => 'source_document_ids belong to AI-drafted replies (isAI: true)',
  });

/** Sender, role and message type come from the token; a body carrying them is refused. */
export class PostMessageDto {
  @ApiProperty({ minLength: 1, maxLength: MESSAGE_MAX_LENGTH, example: 'I restarted it, still the same.' })
  @Trimmed()
  @IsString()
  @Length(1, MESSAGE_MAX_LENGTH)
  content!: string;

  @ApiPropertyOptional({ default: false, description: 'Agents only: the text is an AI-drafted reply they send' })
  @Optional()
  @IsBoolean()
  isAI?: boolean;

  @ApiPropertyOptional({
    type: [String],
    example: [],
    description: 'With isAI: the sources of the suggestion the draft came from; feedback on the message rates them',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(timestampedIdPattern('KB'), {
    each: true,
    message: 'source_document_ids must be knowledge-base document ids',
  })
  @SourcesOnlyOnAiReplies()
  source_document_ids?: string[];
}

/** A message id, or an RFC 3339 (ISO 8601) timestamp with seconds and an offset. */
const IsMessageCursor = (): PropertyDecorator =>
  DocumentedRule({
    name: 'isMessageCursor',
    schema: { anyOf: [{ ...OBJECT_ID_SCHEMA, description: 'A message id' }, DATE_TIME_SCHEMA] },
    validate: (value) => isObjectIdString(value) || isRfc3339DateTime(value),
    message: (args) =>
      `${args?.property ?? 'the cursor'} must be a message id or an ISO 8601 timestamp with a time zone`,
  });

export class ListMessagesQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    // No example: Swagger UI would fill it into "Try it out" and filter the conversation unasked.
    description:
      'Only messages after this one: a message id, or an ISO 8601 timestamp such as 2025-11-24T16:15:00Z ' +
      '(for reconnecting clients)',
  })
  @Optional()
  @IsString()
  @IsMessageCursor()
  after?: string;

  @ApiPropertyOptional({
    description:
      'Only messages before this one (a message id or an ISO 8601 timestamp), paged backwards: page 1 is the ' +
      'stretch right before it, each page oldest first. To scroll back from GET /tickets/{id}, pass the id of ' +
      'its first embedded message. With `after` too: the messages between the two, oldest first and paged ' +
      'forwards (the gap a reconnecting client fills between what it had and the newest page).',
  })
  @Optional()
  @IsString()
  @IsMessageCursor()
  before?: string;
}

export class MessageFeedbackDto {
  @ApiProperty({ enum: MESSAGE_FEEDBACK, example: 'up' })
  @IsIn(MESSAGE_FEEDBACK)
  feedback!: MessageFeedback;
}

export class MessageListResponseDto {
  @ApiProperty({ type: [MessageResponseDto] }) messages!: MessageResponseDto[];
  @ApiProperty({ example: 1 }) total_count!: number;
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { getMetadataStorage, IsIn, IsString, Length } from 'class-validator';
import { Optional } from '../../common/http/optional';
import { Trimmed } from '../../common/http/trimmed';
import { NOTHING_FOUND } from '../../ai/local/answer-composer';
import { CreateTicketDto } from '../../tickets/dto/ticket-requests.dto';
import { REQUESTER_TICKET_EXAMPLE, type RequesterTicketDto } from '../../tickets/dto/ticket-response.dto';
import { draftDescription, draftTitle, type SessionForDraft } from '../session-ticket-draft';
import { SELF_SERVE_SESSION_EXAMPLE } from './assistant.dto';
import { URGENCIES, type Urgency } from '../../domain/ticket-status';

/**
 * The length bounds CreateTicketDto puts on one of its fields. They exist only in its decorators;
 * reading them from there keeps one statement of what a ticket's title and description may be,
 * so this body and the drafts it overrides can never admit what POST /tickets refuses.
 */
function createTicketLength(property: 'title' | 'description'): { min: number; max: number } {
  const rule = getMetadataStorage()
    .getTargetValidationMetadatas(CreateTicketDto, '', false, false)
    .find((metadata) => metadata.propertyName === property && metadata.name === 'isLength');
  const [min, max] = (rule?.constraints ?? []) as unknown[];
  if (typeof min !== 'number' || typeof max !== 'number') {
    throw new Error(`CreateTicketDto.${property} has no Length(min, max) rule for the self-serve ticket to follow`);
  }
  return { min, max };
}

export const TICKET_TITLE_LENGTH = createTicketLength('title');
export const TICKET_DESCRIPTION_LENGTH = createTicketLength('description');

/**
 * Optional changes to the ticket drafted from a session, under POST /tickets' rules for each
 * field. Leave a field out to keep the draft; an empty body raises the draft as it is.
 */
export class RaiseSessionTicketDto {
  @ApiPropertyOptional({
    description: "Instead of the drafted title (the session's first question, cut at a word to fit)",
    example: 'Booking the company helicopter for a client visit',
  })
  @Optional()
  @Trimmed()
  @IsString()
  @Length(TICKET_TITLE_LENGTH.min, TICKET_TITLE_LENGTH.max)
  title?: string;

  @ApiPropertyOptional({
    description: "Instead of the drafted description (the session's questions and the bot's answers)",
    example: 'I need the helicopter on 3 December for two visitors from our client in Basel.',
  })
  @Optional()
  @Trimmed()
  @IsString()
  @Length(TICKET_DESCRIPTION_LENGTH.min, TICKET_DESCRIPTION_LENGTH.max)
  description?: string;

  @ApiPropertyOptional({ enum: URGENCIES, default: 'medium' })
  @Optional()
  @IsIn(URGENCIES)
  urgency?: Urgency;
}

/** A session that found nothing, raised as drafted: what its requester receives (routed to IT, assigned). */
const EXAMPLE_SESSION: SessionForDraft = {
  sessionId: SELF_SERVE_SESSION_EXAMPLE,
  firstQuery: 'How do I connect my laptop to the meeting room screen?',
  exchanges: [{ query: 'How do I connect my laptop to the meeting room screen?', answer: NOTHING_FOUND }],
  questionCount: 1,
};

export const SESSION_TICKET_EXAMPLE = {
  ...REQUESTER_TICKET_EXAMPLE,
  title: draftTitle(EXAMPLE_SESSION, TICKET_TITLE_LENGTH.max)!,
  description: draftDescription(EXAMPLE_SESSION, TICKET_DESCRIPTION_LENGTH.max),
} as const satisfies Record<keyof RequesterTicketDto, unknown>;

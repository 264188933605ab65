import type { TicketSla } from '../../sla/ticket-sla';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { HARM_CATEGORIES } from '../../ai/ai.ports';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '../../common/http/example-ids';
import { MAX_PAGE_SIZE, PaginationDto } from '../../common/http/pagination';
import { MessageResponseDto } from '../../messages/dto/message-response.dto';
import { TICKET_COUNT_CAP, type TicketAiRecord, type TicketRecord } from '../ticket.types';
import { CREATE_TICKET_EXAMPLE } from './ticket-requests.dto';
import { DEPARTMENTS, type Department } from '../../domain/department';
import type { UserRole } from '../../domain/user-role';
import { TICKET_STATUSES, type TicketStatus, URGENCIES, type Urgency } from '../../domain/ticket-status';

/**
 * The ticket the examples follow: the POST /tickets request example as the API answers it,
 * routed to IT and assigned to it.agent. This is what its requester receives.
 */
export const REQUESTER_TICKET_EXAMPLE = {
  id: EXAMPLE_IDS.ticket,
  ticket_id: EXAMPLE_IDS.ticketId,
  title: CREATE_TICKET_EXAMPLE.title,
  description: CREATE_TICKET_EXAMPLE.description,
  urgency: 'medium',
  status: 'assigned',
  department: 'IT',
  assignee_id: EXAMPLE_IDS.itAgent,
  user_id: EXAMPLE_IDS.alice,
  created_at: EXAMPLE_TIMES.ticketCreated,
  updated_at: EXAMPLE_TIMES.ticketCreated,
  resolved_at: null,
  closed_at: null,
  misuse_flag: false,
  feedback: null,
  reopen_count: 0,
} as const satisfies Record<keyof RequesterTicketDto, unknown>;

/**
 * The same ticket as agents and admins receive it, with the local screen's and router's real
 * verdicts on that text (an end-to-end spec files the request example and compares).
 */
export const TICKET_EXAMPLE = {
  ...REQUESTER_TICKET_EXAMPLE,
  ai: {
    screening: { is_harmful: false, categories: [], reason: 'No harmful content found', provider: 'local' },
    routing: {
      department: 'IT',
      reason: 'Strongest evidence for IT: "laptop", "my laptop", "screen" (100% confident)',
      provider: 'local',
    },
  },
  // A medium ticket under the default policy: 4 and 24 hours around the clock from its creation.
  sla: {
    first_response_due: '2025-11-24T20:00:00.000Z',
    resolution_due: '2025-11-25T16:00:00.000Z',
    first_response_at: null,
    first_response_breached: false,
    resolution_breached: false,
  },
} as const satisfies Record<keyof TicketResponseDto, unknown>;

class ScreeningDto {
  @ApiProperty({ example: TICKET_EXAMPLE.ai.screening.is_harmful }) is_harmful!: boolean;
  @ApiProperty({
    enum: HARM_CATEGORIES,
    isArray: true,
    example: TICKET_EXAMPLE.ai.screening.categories,
    description: 'Empty unless is_harmful',
  })
  categories!: string[];
  @ApiProperty({ example: TICKET_EXAMPLE.ai.screening.reason }) reason!: string;
  @ApiProperty({
    enum: ['local', 'gemini'],
    example: TICKET_EXAMPLE.ai.screening.provider,
    description: 'Which implementation decided',
  })
  provider!: string;
}

class RoutingDto {
  @ApiProperty({ enum: DEPARTMENTS, example: TICKET_EXAMPLE.ai.routing.department }) department!: Department;
  @ApiProperty({ example: TICKET_EXAMPLE.ai.routing.reason }) reason!: string;
  @ApiProperty({
    enum: ['local', 'gemini', 'manual'],
    example: TICKET_EXAMPLE.ai.routing.provider,
    description: 'local or gemini; manual when a person set the department',
  })
  provider!: string;
}

class TicketAiDto {
  @ApiProperty({ type: ScreeningDto }) screening!: ScreeningDto;
  @ApiProperty({
    type: RoutingDto,
    nullable: true,
    description: 'Null while a flagged ticket waits for admin review: it was never routed',
  })
  routing!: RoutingDto | null;
}

/** A ticket as its requester sees it (POST /tickets, /resolve and /feedback answer only requesters). */
@ApiSchema({ description: 'A ticket without the AI decisions behind it: what requesters receive.' })
export class RequesterTicketDto {
  @ApiProperty({ example: TICKET_EXAMPLE.id }) id!: string;
  @ApiProperty({ example: TICKET_EXAMPLE.ticket_id }) ticket_id!: string;
  @ApiProperty({ example: TICKET_EXAMPLE.title }) title!: string;
  @ApiProperty({ example: TICKET_EXAMPLE.description }) description!: string;
  @ApiProperty({ enum: URGENCIES, example: TICKET_EXAMPLE.urgency }) urgency!: Urgency;
  @ApiProperty({ enum: TICKET_STATUSES, example: TICKET_EXAMPLE.status }) status!: TicketStatus;
  @ApiProperty({
    enum: DEPARTMENTS,
    nullable: true,
    example: TICKET_EXAMPLE.department,
    description: 'Null while the ticket is held for review',
  })
  department!: Department | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: TICKET_EXAMPLE.assignee_id,
    description: 'Null until an agent of the department is assigned',
  })
  assignee_id!: string | null;
  @ApiProperty({ example: TICKET_EXAMPLE.user_id, description: 'The requester' }) user_id!: string;
  @ApiProperty({ type: String, format: 'date-time', example: TICKET_EXAMPLE.created_at }) created_at!: Date;
  @ApiProperty({ type: String, format: 'date-time', example: TICKET_EXAMPLE.updated_at }) updated_at!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: TICKET_EXAMPLE.resolved_at })
  resolved_at!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: TICKET_EXAMPLE.closed_at })
  closed_at!: Date | null;
  @ApiProperty({
    example: TICKET_EXAMPLE.misuse_flag,
    description: 'True while the harm screen holds the ticket for admin review',
  })
  misuse_flag!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: TICKET_EXAMPLE.feedback,
    description: "The requester's words on resolving or rating",
  })
  feedback!: string | null;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: TICKET_EXAMPLE.reopen_count,
    description: 'How many times the requester reopened it after a resolution (POST /tickets/{id}/reopen)',
  })
  reopen_count!: number;
}

/** A ticket's service-level clock as the API shows it (SPEC §11.2). */
export class TicketSlaDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: TICKET_EXAMPLE.sla.first_response_due,
    description: 'When the first staff reply is due',
  })
  first_response_due!: Date;
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: TICKET_EXAMPLE.sla.resolution_due,
    description: 'When the resolution is due (restarted from the latest reopen)',
  })
  resolution_due!: Date;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The first reply by an agent or admin; null until then',
  })
  first_response_at!: Date | null;
  @ApiProperty({ description: 'The first response came late, or is overdue' }) first_response_breached!: boolean;
  @ApiProperty({ description: 'The resolution is overdue' }) resolution_breached!: boolean;
}

export function toTicketSlaDto(sla: TicketSla): TicketSlaDto {
  return {
    first_response_due: sla.first_response_due,
    resolution_due: sla.resolution_due,
    first_response_at: sla.first_response_at,
    first_response_breached: sla.first_response_breached,
    resolution_breached: sla.resolution_breached,
  };
}

/** A ticket as the API answers it: agents and admins also receive `ai`, requesters never do. */
@ApiSchema({
  description:
    'A ticket. `ai` (the screening verdict and routing reason) is present in answers to agents and admins only; ' +
    'requesters never receive it.',
})
export class TicketResponseDto extends RequesterTicketDto {
  @ApiPropertyOptional({
    type: TicketAiDto,
    description:
      'Agents and admins only (absent in answers to requesters): the AI decisions behind the ticket. Telling ' +
      'someone which phrase held their ticket would teach them to word around the screen.',
  })
  ai?: TicketAiRecord;

  @ApiPropertyOptional({
    type: TicketSlaDto,
    nullable: true,
    description:
      'Agents and admins only (absent in answers to requesters): the due times of the first response and the ' +
      'resolution, in the SLA policy working time. Null while the ticket is held for review (its clock starts at ' +
      'its release) and on tickets stored before service levels existed.',
  })
  sla?: TicketSlaDto | null;
}

/**
 * How much of the conversation GET /tickets/{id} embeds: the newest messages, as a chat opens on
 * its latest turns; one page of GET /tickets/{id}/messages at its largest.
 */
export const TICKET_VIEW_MESSAGES = MAX_PAGE_SIZE;

@ApiSchema({
  description:
    `A ticket with its conversation: the newest ${TICKET_VIEW_MESSAGES} messages, and how many there are in all. ` +
    '`ai` is present in answers to agents and admins only; requesters never receive it.',
})
export class TicketWithMessagesDto extends TicketResponseDto {
  @ApiProperty({
    type: [MessageResponseDto],
    description:
      `The newest ${TICKET_VIEW_MESSAGES} messages of the conversation (all of a shorter one), oldest first. ` +
      'Earlier ones: GET /tickets/{id}/messages?before=<id of the first message here>.',
  })
  messages!: MessageResponseDto[];
  @ApiProperty({ example: 1, description: 'Every message of the conversation, embedded or not' })
  message_count!: number;
  @ApiProperty({
    example: false,
    description: 'True when the conversation began before the first message embedded here',
  })
  has_earlier_messages!: boolean;
}

export class TicketListResponseDto {
  @ApiProperty({ type: [TicketResponseDto] }) tickets!: TicketResponseDto[];
  @ApiProperty({
    example: 1,
    description: `How many tickets match, counted up to ${TICKET_COUNT_CAP.toLocaleString('en')}; that number when more do (\`total_count_capped\`)`,
  })
  total_count!: number;
  @ApiProperty({
    example: false,
    description: `true when more than ${TICKET_COUNT_CAP.toLocaleString('en')} tickets match: \`total_count\` and \`pagination.total_pages\` then count only that many, the pages past them still answer, and \`pagination.has_next\` says whether another page follows`,
  })
  total_count_capped!: boolean;
  @ApiProperty({ type: PaginationDto }) pagination!: PaginationDto;
}

/**
 * Requesters do not see the screening and routing reasons: telling someone which phrase got
 * their ticket held would teach them to word around the screen.
 */
export function toTicketResponse(ticket: TicketRecord, viewerRole: UserRole): TicketResponseDto {
  const response: TicketResponseDto = {
    id: ticket.id,
    ticket_id: ticket.ticket_id,
    title: ticket.title,
    description: ticket.description,
    urgency: ticket.urgency,
    status: ticket.status,
    department: ticket.department,
    assignee_id: ticket.assignee_id,
    user_id: ticket.user_id,
    created_at: ticket.created_at,
    updated_at: ticket.updated_at,
    resolved_at: ticket.resolved_at,
    closed_at: ticket.closed_at,
    misuse_flag: ticket.misuse_flag,
    feedback: ticket.feedback,
    reopen_count: ticket.reopen_count,
  };
  if (viewerRole !== 'user') {
    response.ai = ticket.ai;
    response.sla = ticket.sla && toTicketSlaDto(ticket.sla);
  }
  return response;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEPARTMENTS, HARM_CATEGORIES, type Department } from '../../ai/ai.ports';
import { PaginationDto } from '../../common/http/pagination';
import { MESSAGE_FEEDBACK, MESSAGE_TYPES, type MessageFeedback, type MessageType } from '../../messages/message.schema';
import type { MessageRecord } from '../../messages/message.types';
import { USER_ROLES, type UserRole } from '../../users/user-role';
import {
  TICKET_STATUSES,
  URGENCIES,
  type TicketAiRecord,
  type TicketRecord,
  type TicketStatus,
  type Urgency,
} from '../ticket.types';

class ScreeningDto {
  @ApiProperty() is_harmful!: boolean;
  @ApiProperty({ enum: HARM_CATEGORIES, isArray: true }) categories!: string[];
  @ApiProperty({ example: 'No harmful content found' }) reason!: string;
  @ApiProperty({ example: 'local', description: 'Which implementation decided: local or gemini' }) provider!: string;
}

class RoutingDto {
  @ApiProperty({ enum: DEPARTMENTS }) department!: Department;
  @ApiProperty({ example: 'Matched IT terms: "vpn"' }) reason!: string;
  @ApiProperty({ example: 'local', description: 'local, gemini, or manual (set by a person)' }) provider!: string;
}

class TicketAiDto {
  @ApiProperty({ type: ScreeningDto }) screening!: ScreeningDto;
  @ApiProperty({ type: RoutingDto, nullable: true }) routing!: RoutingDto | null;
}

export class TicketResponseDto {
  @ApiProperty({ example: '6650f1c2a4b5c6d7e8f90123' }) id!: string;
  @ApiProperty({ example: 'TKT-1764000000000-A1B2C3' }) ticket_id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: URGENCIES }) urgency!: Urgency;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  @ApiProperty({ enum: DEPARTMENTS, nullable: true }) department!: Department | null;
  @ApiProperty({ type: String, nullable: true }) assignee_id!: string | null;
  @ApiProperty() user_id!: string;
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolved_at!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closed_at!: Date | null;
  @ApiProperty() misuse_flag!: boolean;
  @ApiProperty({ type: String, nullable: true }) feedback!: string | null;
  @ApiPropertyOptional({ type: TicketAiDto, description: 'Agents and admins only: the AI decisions behind the ticket' })
  ai?: TicketAiRecord;
}

export class MessageResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: "The ticket's ObjectId" }) ticket_id!: string;
  @ApiProperty() sender_id!: string;
  @ApiProperty({ enum: USER_ROLES }) sender_role!: UserRole;
  @ApiProperty({ enum: MESSAGE_TYPES }) message_type!: MessageType;
  @ApiProperty() content!: string;
  @ApiProperty() isAI!: boolean;
  @ApiProperty({ enum: MESSAGE_FEEDBACK }) feedback!: MessageFeedback;
  @ApiProperty({ type: String, format: 'date-time' }) timestamp!: Date;
  @ApiProperty({ type: [String], description: 'AI-drafted replies: the knowledge-base documents they drew on' })
  source_document_ids!: string[];
}

export class TicketWithMessagesDto extends TicketResponseDto {
  @ApiProperty({ type: [MessageResponseDto], description: 'The conversation, oldest first' })
  messages!: MessageResponseDto[];
}

export class TicketListResponseDto {
  @ApiProperty({ type: [TicketResponseDto] }) tickets!: TicketResponseDto[];
  @ApiProperty() total_count!: number;
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
  };
  if (viewerRole !== 'user') response.ai = ticket.ai;
  return response;
}

export function toMessageResponse(message: MessageRecord): MessageResponseDto {
  return { ...message };
}

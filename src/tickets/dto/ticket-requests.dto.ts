import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsMongoId, IsString, Length } from 'class-validator';
import { PaginationQueryDto } from '../../common/http/pagination';
import { BooleanQuery } from '../../common/http/query-transforms';
import { Trimmed } from '../../common/http/trimmed';
import { Optional } from '../../common/http/optional';
import { RequiresAChange } from '../../common/http/requires-a-change';
import { EXAMPLE_IDS } from '../../common/http/example-ids';
import { DEPARTMENTS, type Department } from '../../domain/department';
import { TICKET_STATUSES, type TicketStatus, URGENCIES, type Urgency } from '../../domain/ticket-status';
import { SLA_LIST_KINDS, type SlaListKind } from '../ticket-sla-lists';

/** The ticket alice raises in the examples; the response examples show what the API makes of it. */
export const CREATE_TICKET_EXAMPLE = {
  title: 'Laptop does not boot',
  description: 'Since this morning my laptop shows a black screen after the logo.',
} as const;

export class CreateTicketDto {
  @ApiProperty({ example: CREATE_TICKET_EXAMPLE.title, minLength: 1, maxLength: 200 })
  @Trimmed()
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({
    example: CREATE_TICKET_EXAMPLE.description,
    minLength: 1,
    maxLength: 2000,
  })
  @Trimmed()
  @IsString()
  @Length(1, 2000)
  description!: string;

  @ApiPropertyOptional({ enum: URGENCIES, default: 'medium' })
  @Optional()
  @IsIn(URGENCIES)
  urgency?: Urgency;
}

/**
 * Title, description and urgency: the requester, while open. Department: while open, by the
 * requester, an agent of the department or an admin (an admin on a flagged ticket releases it).
 * Status: only `resolved` (as POST /resolve) or `closed` (as POST /close). At least one field.
 */
@RequiresAChange()
export class UpdateTicketDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Optional()
  @Trimmed()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 2000 })
  @Optional()
  @Trimmed()
  @IsString()
  @Length(1, 2000)
  description?: string;

  @ApiPropertyOptional({ enum: URGENCIES })
  @Optional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiPropertyOptional({ enum: DEPARTMENTS })
  @Optional()
  @IsIn(DEPARTMENTS)
  department?: Department;

  @ApiPropertyOptional({
    enum: TICKET_STATUSES,
    description: 'resolved (as POST /resolve) or closed (as POST /close); any other change of status answers 409',
  })
  @Optional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;
}

export class ResolveTicketDto {
  @ApiPropertyOptional({ maxLength: 1000, example: 'Fixed after the driver update, thanks!' })
  @Optional()
  @Trimmed()
  @IsString()
  @Length(1, 1000)
  feedback?: string;
}

export class TicketFeedbackDto {
  @ApiProperty({ maxLength: 1000, example: 'Quick and friendly help.' })
  @Trimmed()
  @IsString()
  @Length(1, 1000)
  feedback!: string;
}

export class AssignTicketDto {
  @ApiProperty({
    example: EXAMPLE_IDS.itAgent,
    description:
      "An active agent of the ticket's department. Agents may only name themselves: taking an open, unassigned ticket.",
  })
  @IsString()
  @IsMongoId({ message: 'agent_id must be a user id (24 hex characters)' })
  agent_id!: string;
}

export class ReopenTicketDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 1000,
    example: 'The black screen is back since this morning.',
    description: 'Why it is not solved after all; posted to the conversation for the agent.',
  })
  @Trimmed()
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class ListTicketsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @Optional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ enum: DEPARTMENTS })
  @Optional()
  @IsIn(DEPARTMENTS)
  department?: Department;

  @ApiPropertyOptional({ description: 'Case-insensitive text in title or description', maxLength: 100 })
  @Optional()
  @Trimmed()
  @IsString()
  @Length(1, 100)
  search?: string;

  @ApiPropertyOptional({ description: 'Admins only: the requester' })
  @Optional()
  @IsString()
  @IsMongoId({ message: 'user_id must be a user id (24 hex characters)' })
  user_id?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Admins only: flagged tickets' })
  @Optional()
  @BooleanQuery()
  @IsBoolean()
  misuse_flag?: boolean;

  @ApiPropertyOptional({
    enum: SLA_LIST_KINDS,
    description:
      'Agents and admins only (a requester gets 403): tickets by their service levels (SPEC §11.2), most urgent ' +
      'first (the earliest due time of the targets still owed, then by id) instead of newest first. `breached`: ' +
      'a target the ticket still owes is past its due time. `at_risk`: at 80 % of a target it still owes and not ' +
      'yet past any. A ticket owes its first response until an agent or admin replies and its resolution until ' +
      'it is resolved or closed, so only open and assigned tickets are listed (with status resolved or closed the ' +
      'list is empty), and never one held for review (with misuse_flag=true the list is empty). Combines with ' +
      'status, department, search and, for admins, user_id, each served by an index that holds only the tickets ' +
      'that owe a target; search matches within that range as it is read.',
  })
  @Optional()
  @IsIn(SLA_LIST_KINDS)
  sla?: SlaListKind;
}

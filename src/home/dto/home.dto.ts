import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE_IDS, type AsJson } from '../../common/http/example-ids';
import { AGENT_ROLES, type AgentRole } from '../home-figures';
import { DEPARTMENTS, type Department } from '../../domain/department';
import { USER_ROLES } from '../../domain/user-role';
import { TICKET_STATUSES, type TicketStatus, URGENCIES, type Urgency } from '../../domain/ticket-status';

/**
 * What the role home pages answer. The examples continue the story of EXAMPLE_IDS: on the morning
 * of 2025-11-25 alice has raised TKT-1764000000000-A1B2C3 (resolved, then closed by it.agent) and
 * one more ticket, assigned to it.agent; a third IT ticket waits unassigned since 08:00.
 */

const count = (description: string, example: number) =>
  ApiProperty({ type: 'integer', minimum: 0, description, example });
const dateTime = (description: string, example: string) =>
  ApiProperty({ type: String, format: 'date-time', description, example });
const nullableDateTime = (description: string, example: string | null) =>
  ApiProperty({ type: String, format: 'date-time', nullable: true, description, example });

const NOW = '2025-11-25T09:30:00.000Z';
const SECOND_TICKET = {
  id: '6925718ca4b5c6d7e8f90202',
  ticket_id: 'TKT-1764061580000-K7Q2ZD',
  title: 'Laptop will not charge',
  status: 'assigned',
  urgency: 'high',
  department: 'IT',
  created_at: '2025-11-25T09:06:20.000Z',
  updated_at: '2025-11-25T09:06:20.000Z',
} as const satisfies AsJson<TicketHeadlineDto>;
const WAITING_TICKET = {
  id: '69256150a4b5c6d7e8f90203',
  ticket_id: 'TKT-1764057600000-P4W9XE',
  title: 'Monitor flickers',
  urgency: 'medium',
  created_at: '2025-11-25T08:00:00.000Z',
  waiting_seconds: 5400,
} as const satisfies AsJson<WaitingTicketDto>;

export class TicketStatusCountsDto {
  @count('Waiting for an agent (or, when flagged, for an admin’s review)', 0) open!: number;
  @count('With an agent', 1) assigned!: number;
  @count('Resolved by the requester, not yet closed', 0) resolved!: number;
  @count('Closed', 1) closed!: number;
}

export class TicketHeadlineDto {
  @ApiProperty({ example: SECOND_TICKET.id, description: 'The ticket’s ObjectId' }) id!: string;
  @ApiProperty({ example: SECOND_TICKET.ticket_id }) ticket_id!: string;
  @ApiProperty({ example: SECOND_TICKET.title }) title!: string;
  @ApiProperty({ enum: TICKET_STATUSES, example: SECOND_TICKET.status }) status!: TicketStatus;
  @ApiProperty({ enum: URGENCIES, example: SECOND_TICKET.urgency }) urgency!: Urgency;
  @ApiProperty({
    type: String,
    enum: DEPARTMENTS,
    nullable: true,
    example: SECOND_TICKET.department,
    description: 'Null while the ticket is held for review',
  })
  department!: Department | null;
  @dateTime('When it was raised', SECOND_TICKET.created_at) created_at!: Date;
  @dateTime('Its last change', SECOND_TICKET.updated_at) updated_at!: Date;
}

/** A ticket in a queue, with how long it has waited there. */
export class WaitingTicketDto {
  @ApiProperty({ example: WAITING_TICKET.id, description: 'The ticket’s ObjectId' }) id!: string;
  @ApiProperty({ example: WAITING_TICKET.ticket_id }) ticket_id!: string;
  @ApiProperty({ example: WAITING_TICKET.title }) title!: string;
  @ApiProperty({ enum: URGENCIES, example: WAITING_TICKET.urgency }) urgency!: Urgency;
  @dateTime('When it was raised', WAITING_TICKET.created_at) created_at!: Date;
  @count('Seconds since it was raised, at generated_at', WAITING_TICKET.waiting_seconds) waiting_seconds!: number;
}

export class QuotaDto {
  @count('Tickets allowed in any trailing 24 hours (TICKETS_PER_DAY)', 5) limit!: number;
  @count('Tickets raised in the last 24 hours that count against it (held ones included)', 2) used!: number;
  @count('Tickets that can be raised now; at 0, POST /tickets answers 429', 3) remaining!: number;
  @nullableDateTime(
    'When the oldest counted ticket turns 24 hours old and gives its slot back (with remaining 0, when the next ' +
      'ticket can be raised: what a 429’s Retry-After counts down to); null when no ticket counts',
    '2025-11-25T16:00:00.000Z',
  )
  next_slot_frees_at!: Date | null;
}

export class UserHomeDto {
  @dateTime('When the figures were read (they are live, not cached)', NOW) generated_at!: Date;
  @ApiProperty({ type: TicketStatusCountsDto, description: 'Your tickets in each status' })
  tickets_by_status!: TicketStatusCountsDto;
  @ApiProperty({
    type: [TicketHeadlineDto],
    description: 'Your five newest tickets, newest first (GET /tickets for the rest)',
    example: [
      SECOND_TICKET,
      {
        id: EXAMPLE_IDS.ticket,
        ticket_id: EXAMPLE_IDS.ticketId,
        title: 'VPN keeps disconnecting',
        status: 'closed',
        urgency: 'high',
        department: 'IT',
        created_at: '2025-11-24T16:00:00.000Z',
        updated_at: '2025-11-25T09:00:00.000Z',
      },
    ] satisfies Array<AsJson<TicketHeadlineDto>>,
  })
  recent_tickets!: TicketHeadlineDto[];
  @count('Your unread notifications', 1) unread_notifications!: number;
  @ApiProperty({ type: QuotaDto, description: 'Your daily ticket quota, as POST /tickets applies it' })
  quota!: QuotaDto;
}

export class DepartmentQueueDto {
  @count('Open tickets of the department that no agent has taken (held ones are the admins’ queue)', 1)
  unassigned!: number;
  @ApiProperty({
    type: WaitingTicketDto,
    nullable: true,
    description: 'The unassigned ticket that has waited longest; null when the queue is empty',
  })
  oldest_waiting!: WaitingTicketDto | null;
}

const URGENT_TICKET = {
  id: '69255f2ea4b5c6d7e8f90204',
  ticket_id: 'TKT-1764057070000-R8T3MA',
  title: 'Cannot open the shared drive',
  status: 'assigned',
  urgency: 'high',
  department: 'IT',
  created_at: '2025-11-25T07:51:10.000Z',
  updated_at: '2025-11-25T08:02:40.000Z',
  due_at: '2025-11-25T08:51:10.000Z',
  breached: true,
} as const satisfies AsJson<SlaTicketDto>;

/** The most urgent ticket of the SLA figures: a headline with the due time it is listed by. */
export class SlaTicketDto extends TicketHeadlineDto {
  @dateTime(
    'The earliest due time of the targets it still owes (the first response until given, then the resolution): ' +
      'what GET /tickets?sla= orders by',
    URGENT_TICKET.due_at,
  )
  due_at!: Date;
  @ApiProperty({ example: URGENT_TICKET.breached, description: 'Whether that due time has passed (at generated_at)' })
  breached!: boolean;
}

export class SlaFiguresDto {
  @count('Tickets at 80 % of a target they still owe and past none yet: GET /tickets?sla=at_risk', 2)
  at_risk!: number;
  @count('Tickets past the due time of a target they still owe: GET /tickets?sla=breached', 1)
  breached!: number;
  @ApiProperty({
    type: SlaTicketDto,
    nullable: true,
    example: URGENT_TICKET,
    description:
      'The one due earliest among them: the first of the breached list, or of the at-risk list when nothing is ' +
      'breached; null when neither lists a ticket',
  })
  most_urgent!: SlaTicketDto | null;
}

export class AgentHomeDto {
  @dateTime('When the figures were read (they are live, not cached)', NOW) generated_at!: Date;
  @ApiProperty({ enum: DEPARTMENTS, example: 'IT', description: 'Your department, from your role' })
  department!: Department;
  @ApiProperty({
    type: TicketStatusCountsDto,
    description: 'Tickets assigned to you, in each status (open only if one was handed back unassigned)',
  })
  assigned_by_status!: TicketStatusCountsDto;
  @ApiProperty({ type: DepartmentQueueDto, description: 'Your department’s unassigned queue' })
  department_queue!: DepartmentQueueDto;
  @ApiProperty({
    type: SlaFiguresDto,
    description:
      'SLA at risk: your department’s tickets and those assigned to you (GET /tickets’ scope) that are at risk or ' +
      'past due, as GET /tickets?sla= lists them; tickets held for review are in no one’s figures',
  })
  sla!: SlaFiguresDto;
  @count('Your unread notifications', 2) unread_notifications!: number;
}

export class RoleAccountsDto {
  @count('Accounts that can sign in', 40) active!: number;
  @count('Deactivated accounts', 2) inactive!: number;
}

export class AccountsByRoleDto {
  @ApiProperty({ type: RoleAccountsDto }) user!: RoleAccountsDto;
  @ApiProperty({ type: RoleAccountsDto, example: { active: 2, inactive: 0 } }) it_agent!: RoleAccountsDto;
  @ApiProperty({ type: RoleAccountsDto, example: { active: 1, inactive: 0 } }) hr_agent!: RoleAccountsDto;
  @ApiProperty({ type: RoleAccountsDto, example: { active: 1, inactive: 0 } }) admin!: RoleAccountsDto;
}

export class AccountTotalsDto {
  @count('Every account', 46) total!: number;
  @count('Accounts that can sign in', 44) active!: number;
  @ApiProperty({ type: AccountsByRoleDto, description: `By role (${USER_ROLES.join(', ')}), zeros included` })
  by_role!: AccountsByRoleDto;
}

export class TicketTotalsDto {
  @count('Every ticket', 31) total!: number;
  @ApiProperty({
    type: TicketStatusCountsDto,
    example: { open: 3, assigned: 7, resolved: 4, closed: 17 } satisfies AsJson<TicketStatusCountsDto>,
  })
  by_status!: TicketStatusCountsDto;
}

export class ReviewQueueDto {
  @count('Tickets held for review (misuse_flag) that are still open, so an admin can release them', 1)
  count!: number;
  @ApiProperty({
    type: WaitingTicketDto,
    nullable: true,
    description: 'The held ticket that has waited longest; null when none waits',
  })
  oldest_waiting!: WaitingTicketDto | null;
}

export class AgentWorkloadDto {
  @ApiProperty({ example: EXAMPLE_IDS.itAgent }) agent_id!: string;
  @ApiProperty({ example: 'it.agent' }) username!: string;
  @ApiProperty({ enum: AGENT_ROLES, example: 'it_agent' }) role!: AgentRole;
  @ApiProperty({ enum: DEPARTMENTS, example: 'IT' }) department!: Department;
  @count('Tickets assigned to the agent now (status assigned)', 4) assigned!: number;
}

export class AdminHomeDto {
  @dateTime('When the figures were read (they are live, not cached)', NOW) generated_at!: Date;
  @ApiProperty({ type: TicketTotalsDto }) tickets!: TicketTotalsDto;
  @ApiProperty({ type: AccountTotalsDto }) users!: AccountTotalsDto;
  @ApiProperty({ type: ReviewQueueDto, description: 'Held tickets: release one by setting its department (PUT)' })
  flagged_awaiting_review!: ReviewQueueDto;
  @count('Misuse reports no admin has marked reviewed', 2) unreviewed_misuse_reports!: number;
  @ApiProperty({
    type: SlaFiguresDto,
    example: {
      at_risk: 3,
      breached: 1,
      most_urgent: URGENT_TICKET,
    } satisfies AsJson<SlaFiguresDto>,
    description: 'Every department’s tickets at risk or past due, as GET /tickets?sla= lists them for admins',
  })
  sla!: SlaFiguresDto;
  @ApiProperty({
    type: [AgentWorkloadDto],
    description: 'Every active agent with their current load: IT first, then HR; busiest first within each',
    example: [
      { agent_id: EXAMPLE_IDS.itAgent, username: 'it.agent', role: 'it_agent', department: 'IT', assigned: 4 },
      { agent_id: '6650f1c2a4b5c6d7e8f90128', username: 'it.second', role: 'it_agent', department: 'IT', assigned: 3 },
      { agent_id: '6650f1c2a4b5c6d7e8f90129', username: 'hr.agent', role: 'hr_agent', department: 'HR', assigned: 0 },
    ] satisfies Array<AsJson<AgentWorkloadDto>>,
  })
  agents!: AgentWorkloadDto[];
  @count('Your unread notifications', 3) unread_notifications!: number;
}

import { ApiProperty, ApiSchema, type ApiPropertyOptions } from '@nestjs/swagger';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '../../../common/http/example-ids';
import { USER_ROLES, type UserRole } from '../../../domain/user-role';
import { HISTORY_ACTIONS, type HistoryAction, type HistoryValue, type TicketHistoryEntry } from '../ticket-history';

/** Any JSON value: a field's value as it was, or is (a string, a number, a flag, an AI verdict, null). */
const HISTORY_VALUE_SCHEMA: ApiPropertyOptions = {
  nullable: true,
  anyOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object', additionalProperties: true },
    { type: 'array', items: {} },
  ],
};

class HistoryActorDto {
  @ApiProperty({ example: EXAMPLE_IDS.itAgent }) id!: string;
  @ApiProperty({ enum: USER_ROLES, example: 'it_agent' }) role!: UserRole;
}

@ApiSchema({ description: 'One change to a ticket: who, when, which field, from what to what.' })
export class TicketHistoryEntryDto {
  @ApiProperty({ type: String, format: 'date-time', example: EXAMPLE_TIMES.ticketResolved }) at!: Date;
  @ApiProperty({
    type: HistoryActorDto,
    nullable: true,
    description: 'Who made the change; null when the service made it on its own (a handover when an agent leaves).',
  })
  actor!: HistoryActorDto | null;
  @ApiProperty({ enum: HISTORY_ACTIONS, example: 'changed' }) action!: HistoryAction;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'status',
    description:
      'The field that changed: title, description, urgency, department, status, assignee_id, misuse_flag, ' +
      'feedback, reopen_count, or (staff only) ai.screening and ai.routing. Null on `created`, whose `to` holds ' +
      'what the ticket was stored with; null on `deleted`, the last entry of a deleted ticket (admins only).',
  })
  field!: string | null;
  @ApiProperty({ ...HISTORY_VALUE_SCHEMA, example: 'open', description: 'The value before; null on `created`.' })
  from!: HistoryValue;
  @ApiProperty({ ...HISTORY_VALUE_SCHEMA, example: 'assigned', description: 'The value after.' })
  to!: HistoryValue;
}

export class TicketHistoryDto {
  @ApiProperty({ type: [TicketHistoryEntryDto], description: 'Oldest first.' }) entries!: TicketHistoryEntryDto[];
}

export function toHistoryEntryDto(entry: TicketHistoryEntry): TicketHistoryEntryDto {
  return {
    at: entry.at,
    actor: entry.actor ? { id: entry.actor.id, role: entry.actor.role } : null,
    action: entry.action,
    field: entry.field,
    from: entry.from ?? null,
    to: entry.to ?? null,
  };
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, Roles } from '../common/auth/access.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { EXAMPLE_TIMES } from '../common/http/example-ids';
import { ApiErrors, type ErrorReasons } from '../common/http/openapi/api-errors';
import { TicketIdPipe } from './ticket-id.pipe';
import { TicketHistoryDto } from './history/dto/ticket-history.dto';
import {
  AssignTicketDto,
  CreateTicketDto,
  ListTicketsQueryDto,
  ReopenTicketDto,
  ResolveTicketDto,
  TicketFeedbackDto,
  UpdateTicketDto,
} from './dto/ticket-requests.dto';
import {
  REQUESTER_TICKET_EXAMPLE,
  RequesterTicketDto,
  TICKET_EXAMPLE,
  TicketListResponseDto,
  TicketResponseDto,
  TicketWithMessagesDto,
} from './dto/ticket-response.dto';
import { TicketDeletion } from './ticket-deletion.service';
import { TicketStaffing } from './ticket-staffing.service';
import { TicketIntake } from './ticket-intake.service';
import { TicketLifecycle } from './ticket-lifecycle.service';
import { TicketQueries } from './ticket-queries.service';

const NOT_VISIBLE = 'no such ticket, or one the caller may not see';
const CHANGED_MEANWHILE = 'or the ticket changed meanwhile (reload it and try again)';

/** The refusals of an action on one ticket, decided by the ticket policy (SPEC §4). */
const ticketActionErrors = (refusals: { forbidden: string; conflict: string }): ErrorReasons => ({
  AUTHZ_FORBIDDEN: refusals.forbidden,
  NOT_FOUND: NOT_VISIBLE,
  CONFLICT: `${refusals.conflict}, ${CHANGED_MEANWHILE}`,
});

const ID_PARAM = {
  name: 'id',
  description: 'The ticket_id (TKT-…) or the ObjectId',
  example: TICKET_EXAMPLE.ticket_id,
};

/** The example ticket after its requester marked it resolved with the resolve request's feedback. */
const RESOLVED_EXAMPLE = {
  ...REQUESTER_TICKET_EXAMPLE,
  status: 'resolved',
  updated_at: EXAMPLE_TIMES.ticketResolved,
  resolved_at: EXAMPLE_TIMES.ticketResolved,
  feedback: 'Fixed after the driver update, thanks!',
} as const;

/** Then closed by it.agent the next morning, as agents and admins (who close tickets) see it. */
const CLOSED_EXAMPLE = {
  ...RESOLVED_EXAMPLE,
  status: 'closed',
  updated_at: EXAMPLE_TIMES.ticketClosed,
  closed_at: EXAMPLE_TIMES.ticketClosed,
  ai: TICKET_EXAMPLE.ai,
} as const;

@ApiTags('Tickets')
@Authenticated()
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly intake: TicketIntake,
    private readonly queries: TicketQueries,
    private readonly lifecycle: TicketLifecycle,
    private readonly staffing: TicketStaffing,
    private readonly deletion: TicketDeletion,
  ) {}

  @Post()
  @Roles('user')
  @ApiOperation({
    summary: 'Raise a ticket',
    description:
      'Rate limit (TICKETS_PER_DAY in the trailing 24 h) → harm screen → routing → assignment. ' +
      'A flagged ticket stays open, unrouted, with misuse_flag true, until an admin sets its department. ' +
      'Requesters only; the answer leaves out the AI decisions (agents and admins see them as `ai`).',
  })
  @ApiCreatedResponse({ type: RequesterTicketDto })
  @ApiErrors({
    RATE_LIMIT_EXCEEDED: 'TICKETS_PER_DAY tickets in the trailing 24 h; Retry-After says when the next one fits',
  })
  create(@CurrentUser() caller: AuthenticatedUser, @Body() dto: CreateTicketDto): Promise<RequesterTicketDto> {
    return this.intake.create(caller, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'Tickets the caller may see, newest first (with sla: most urgent first)',
    description:
      "Users: their own. Agents: their department's and those assigned to them. Admins: all (and may filter by " +
      'user_id, misuse_flag). `search` matches title or description, case-insensitively. Agents and admins may ask ' +
      'for `sla=at_risk` or `sla=breached` (SPEC §11.2): the tickets of their scope owing a target at 80 % or past ' +
      'due, ordered by the earliest due time still owed. Tickets carry `ai` and `sla` for agents and admins only.',
  })
  @ApiOkResponse({ type: TicketListResponseDto })
  @ApiErrors({ AUTHZ_FORBIDDEN: 'only admins filter by user_id or misuse_flag; requesters may not filter by sla' })
  list(@CurrentUser() caller: AuthenticatedUser, @Query() query: ListTicketsQueryDto): Promise<TicketListResponseDto> {
    return this.queries.list(caller, query);
  }

  @Get(':id')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'One ticket with its conversation (404 when the caller may not see it)',
    description:
      'The messages come oldest first. A ticket the caller may not see answers 404, not 403, so its existence ' +
      'is not revealed.',
  })
  @ApiOkResponse({ type: TicketWithMessagesDto })
  @ApiErrors({ NOT_FOUND: NOT_VISIBLE })
  get(@CurrentUser() caller: AuthenticatedUser, @Param('id', TicketIdPipe) id: string): Promise<TicketWithMessagesDto> {
    return this.queries.get(caller, id);
  }

  @Get(':id/history')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: "The ticket's history: every change, oldest first (404 when the caller may not see the ticket)",
    description:
      'One entry per changed field, with who changed it and when, written in the same database write as the change. ' +
      'Agents and admins see every entry; the requester sees their ticket’s entries without the AI’s screening and ' +
      'routing verdicts (`ai.screening`, `ai.routing`).',
  })
  @ApiOkResponse({ type: TicketHistoryDto })
  @ApiErrors({ NOT_FOUND: NOT_VISIBLE })
  history(@CurrentUser() caller: AuthenticatedUser, @Param('id', TicketIdPipe) id: string): Promise<TicketHistoryDto> {
    return this.queries.history(caller, id);
  }

  @Put(':id')
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Edit content, move department, or move status along the lifecycle (SPEC §4)',
    description:
      'Title, description and urgency: the requester, while open (edits are screened again). Department: while ' +
      'open, the requester, an agent of the department or an admin; an admin setting the department of a flagged ' +
      'ticket releases it. Status: resolved or closed, with the rules of POST /resolve and /close. A request is ' +
      'applied whole or not at all: its parts are decided as if made one after the other (content, department, ' +
      'status), and if any is refused, or the ticket changed meanwhile (409), nothing changes.',
  })
  @ApiBody({
    type: UpdateTicketDto,
    examples: {
      close: {
        summary: 'Close the ticket (an admin: any ticket; the assigned agent: once resolved)',
        value: { status: 'closed' },
      },
      edit: {
        summary: 'The requester edits the ticket (while open)',
        value: { description: `${TICKET_EXAMPLE.description} It also beeps three times.`, urgency: 'high' },
      },
      department: { summary: 'Move the ticket to HR (while open)', value: { department: 'HR' } },
    },
  })
  @ApiOkResponse({ type: TicketResponseDto, example: CLOSED_EXAMPLE })
  @ApiErrors(
    ticketActionErrors({
      forbidden:
        'the caller may not change a part it asks for (content: the requester; department: requester, agent of the department or admin)',
      conflict: "a part is not allowed in the ticket's status, or the ticket is held for admin review",
    }),
  )
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', TicketIdPipe) id: string,
    @Body() dto: UpdateTicketDto,
  ): Promise<TicketResponseDto> {
    return this.lifecycle.update(caller, id, dto);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'The requester marks an open or assigned ticket resolved, optionally with feedback',
    description: 'Records the time to resolution for analytics; the assigned agent may then close the ticket.',
  })
  @ApiOkResponse({ type: RequesterTicketDto, example: RESOLVED_EXAMPLE })
  @ApiErrors(
    ticketActionErrors({
      forbidden: 'only the requester resolves a ticket',
      conflict: 'only open or assigned tickets can be resolved',
    }),
  )
  resolve(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', TicketIdPipe) id: string,
    @Body() dto: ResolveTicketDto,
  ): Promise<RequesterTicketDto> {
    return this.lifecycle.resolve(caller, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'The assigned agent closes a resolved ticket; an admin closes any ticket',
    description: 'A closed ticket takes no more messages. The requester is notified of the change.',
  })
  @ApiOkResponse({ type: TicketResponseDto, example: CLOSED_EXAMPLE })
  @ApiErrors(
    ticketActionErrors({
      forbidden: 'only the assigned agent (an agent of the department while unassigned) or an admin closes it',
      conflict: 'agents close resolved tickets only; a closed ticket stays closed',
    }),
  )
  close(@CurrentUser() caller: AuthenticatedUser, @Param('id', TicketIdPipe) id: string): Promise<TicketResponseDto> {
    return this.lifecycle.close(caller, id);
  }

  @Post(':id/feedback')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'The requester rates a resolved or closed ticket',
    description: "Replaces the ticket's feedback, including words given when resolving it.",
  })
  @ApiOkResponse({
    type: RequesterTicketDto,
    example: { ...RESOLVED_EXAMPLE, updated_at: '2025-11-24T17:35:00.000Z', feedback: 'Quick and friendly help.' },
  })
  @ApiErrors(
    ticketActionErrors({
      forbidden: 'only the requester rates a ticket',
      conflict: 'a ticket is rated once resolved or closed',
    }),
  )
  feedback(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', TicketIdPipe) id: string,
    @Body() dto: TicketFeedbackDto,
  ): Promise<RequesterTicketDto> {
    return this.lifecycle.rate(caller, id, dto);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Assign the ticket by hand (admins), or take it (an agent, naming itself)',
    description:
      'Admins give an open or assigned ticket to any active agent of its department (a held ticket is reviewed ' +
      'first, by setting its department). An agent takes an open, unassigned ticket of its department by naming ' +
      'itself as agent_id. The agent is notified; `ticket_assigned` has cause "manual". Naming the agent who ' +
      'already has it changes nothing.',
  })
  @ApiOkResponse({ type: TicketResponseDto, example: TICKET_EXAMPLE })
  @ApiErrors({
    ...ticketActionErrors({
      forbidden: 'only admins assign; agents may only take a ticket themselves, of their own department',
      conflict:
        'the ticket is resolved, closed, held for review or (for an agent) already assigned; or agent_id names ' +
        "someone who is not an active agent of the ticket's department",
    }),
    NOT_FOUND: `${NOT_VISIBLE}; or agent_id names no user`,
  })
  assign(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', TicketIdPipe) id: string,
    @Body() dto: AssignTicketDto,
  ): Promise<TicketResponseDto> {
    return this.staffing.assign(caller, id, dto);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'The requester reopens a resolved ticket, within REOPEN_WINDOW_DAYS (default 7) of its resolution',
    description:
      'resolved → assigned: back to its agent while they are still an active agent of the department, else to ' +
      'the least-loaded one (open when the department has none). The resolution is taken back (resolved_at ' +
      'null; analytics count the next one), reopen_count goes up by one, and the reason is posted to the ' +
      "conversation as the requester's message. A closed ticket stays closed: raise a new one.",
  })
  @ApiOkResponse({
    type: RequesterTicketDto,
    example: { ...REQUESTER_TICKET_EXAMPLE, updated_at: '2025-11-26T08:00:00.000Z', reopen_count: 1 },
  })
  @ApiErrors(
    ticketActionErrors({
      forbidden: 'only the requester reopens a ticket',
      conflict: 'only resolved tickets can be reopened, within the window; a closed ticket stays closed',
    }),
  )
  reopen(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', TicketIdPipe) id: string,
    @Body() dto: ReopenTicketDto,
  ): Promise<RequesterTicketDto> {
    return this.lifecycle.reopen(caller, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Delete the ticket with its conversation (admins)',
    description:
      'The ticket, its messages, the notifications about it and its pending FAQ draft go; a record of the ' +
      'deletion is kept. Its rooms receive `ticket_deleted` and are emptied; webhooks get `ticket_deleted` with ' +
      'the ticket as it was. The ticket then answers 404.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(
    ticketActionErrors({
      forbidden: 'only admins delete tickets',
      conflict: 'the ticket changed while it was being deleted (nothing was deleted)',
    }),
  )
  delete(@CurrentUser() caller: AuthenticatedUser, @Param('id', TicketIdPipe) id: string): Promise<void> {
    return this.deletion.delete(caller, id);
  }
}

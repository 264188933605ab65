import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, Roles } from '../common/auth/access.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { TicketIdPipe } from './ticket-id.pipe';
import {
  CreateTicketDto,
  ListTicketsQueryDto,
  ResolveTicketDto,
  TicketFeedbackDto,
  UpdateTicketDto,
} from './dto/ticket-requests.dto';
import { TicketListResponseDto, TicketResponseDto, TicketWithMessagesDto } from './dto/ticket-response.dto';
import { TicketsService } from './tickets.service';

const ID_PARAM = { name: 'id', description: 'The ticket_id (TKT-…) or the ObjectId' };

@ApiTags('Tickets')
@Authenticated()
@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post()
  @Roles('user')
  @ApiOperation({
    summary: 'Raise a ticket',
    description:
      'Rate limit (TICKETS_PER_DAY in the trailing 24 h) → harm screen → routing → assignment. ' +
      'A flagged ticket stays open, unrouted, with misuse_flag true, until an admin sets its department.',
  })
  @ApiCreatedResponse({ type: TicketResponseDto })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMIT_EXCEEDED with Retry-After' })
  create(@CurrentUser() caller: AuthenticatedUser, @Body() dto: CreateTicketDto): Promise<TicketResponseDto> {
    return this.tickets.create(caller, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'Tickets the caller may see, newest first',
    description:
      "Users: their own. Agents: their department's and those assigned to them. Admins: all (and may filter by user_id, misuse_flag).",
  })
  @ApiOkResponse({ type: TicketListResponseDto })
  list(@CurrentUser() caller: AuthenticatedUser, @Query() query: ListTicketsQueryDto): Promise<TicketListResponseDto> {
    return this.tickets.list(caller, query);
  }

  @Get(':id')
  @ApiParam(ID_PARAM)
  @ApiOperation({ summary: 'One ticket with its conversation (404 when the caller may not see it)' })
  @ApiOkResponse({ type: TicketWithMessagesDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@CurrentUser() caller: AuthenticatedUser, @Param('id', TicketIdPipe) id: string): Promise<TicketWithMessagesDto> {
    return this.tickets.get(caller, id);
  }

  @Put(':id')
  @ApiParam(ID_PARAM)
  @ApiOperation({ summary: 'Edit content, move department, or move status along the lifecycle (SPEC §4)' })
  @ApiOkResponse({ type: TicketResponseDto })
  @ApiConflictResponse({ description: "CONFLICT: not allowed in the ticket's current status" })
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', TicketIdPipe) id: string,
    @Body() dto: UpdateTicketDto,
  ): Promise<TicketResponseDto> {
    return this.tickets.update(caller, id, dto);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({ summary: 'The requester marks an open or assigned ticket resolved, optionally with feedback' })
  @ApiOkResponse({ type: TicketResponseDto })
  resolve(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', TicketIdPipe) id: string,
    @Body() dto: ResolveTicketDto,
  ): Promise<TicketResponseDto> {
    return this.tickets.resolve(caller, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({ summary: 'The assigned agent closes a resolved ticket; an admin closes any ticket' })
  @ApiOkResponse({ type: TicketResponseDto })
  close(@CurrentUser() caller: AuthenticatedUser, @Param('id', TicketIdPipe) id: string): Promise<TicketResponseDto> {
    return this.tickets.close(caller, id);
  }

  @Post(':id/feedback')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({ summary: 'The requester rates a resolved or closed ticket' })
  @ApiOkResponse({ type: TicketResponseDto })
  feedback(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', TicketIdPipe) id: string,
    @Body() dto: TicketFeedbackDto,
  ): Promise<TicketResponseDto> {
    return this.tickets.rate(caller, id, dto);
  }
}

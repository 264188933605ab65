import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/access.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AdminHomeDto, AgentHomeDto, UserHomeDto } from './dto/home.dto';
import { HomeService } from './home.service';

/**
 * One landing page per role (SPEC §11.1), each the caller's own live figures. A role's page is
 * refused to the others (403): each shows figures of one role's work, and an admin who wants an
 * agent's view has the admin page's agent loads.
 */
@ApiTags('Home')
@Controller()
export class HomeController {
  constructor(private readonly home: HomeService) {}

  @Get('user/home')
  @Roles('user')
  // The figures move with every ticket and notification: a cached copy would show the wrong quota.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'A requester’s home page: your tickets, notifications and what is left of your daily quota',
    description:
      'Your tickets in each status (zeros included), your five newest tickets, your unread notifications, and the ' +
      'daily ticket quota exactly as POST /tickets applies it: TICKETS_PER_DAY tickets in any trailing 24 hours, ' +
      'held tickets included, with the moment the next slot frees.',
  })
  @ApiOkResponse({ type: UserHomeDto })
  userHome(@CurrentUser() caller: AuthenticatedUser): Promise<UserHomeDto> {
    return this.home.userHome(caller);
  }

  @Get('agent/home')
  @Roles('it_agent', 'hr_agent')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'An agent’s home page: your assigned tickets, your department’s unassigned queue and SLA at risk',
    description:
      'Tickets assigned to you in each status, how many open tickets of your department no agent has taken, and ' +
      'the one that has waited longest. Tickets held for review are not in the queue: they have no department ' +
      'until an admin releases them. SLA at risk: how many tickets of your scope (your department’s and those ' +
      'assigned to you) are at risk or past due on a target they still owe, exactly as GET /tickets?sla=at_risk ' +
      'and ?sla=breached count them, and the one due earliest.',
  })
  @ApiOkResponse({ type: AgentHomeDto })
  agentHome(@CurrentUser() caller: AuthenticatedUser): Promise<AgentHomeDto> {
    return this.home.agentHome(caller);
  }

  @Get('admin/home')
  @Roles('admin')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'An admin’s home page: totals, the review queue, misuse reports, SLA at risk and each agent’s load',
    description:
      'Tickets by status, accounts by role and active state, tickets held for review that can still be released ' +
      '(flagged and open) with the longest-waiting one, misuse reports not yet reviewed, every department’s tickets ' +
      'at risk or past due (as GET /tickets?sla= counts them) with the one due earliest, every active agent with ' +
      'the tickets assigned to them now, and your unread notifications. Live figures, unlike the analytics ' +
      'endpoints’ 30-second cache.',
  })
  @ApiOkResponse({ type: AdminHomeDto })
  adminHome(@CurrentUser() caller: AuthenticatedUser): Promise<AdminHomeDto> {
    return this.home.adminHome(caller);
  }
}

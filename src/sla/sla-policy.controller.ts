import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth/access.decorators';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import {
  SLA_POLICY_RULES,
  SlaPolicyDto,
  SlaPolicyResponseDto,
  toSlaPolicy,
  toSlaPolicyResponse,
} from './dto/sla-policy.dto';
import { SlaPolicyService } from './sla-policy.service';

@ApiTags('SLA')
@Roles('admin')
@Controller('admin/sla-policy')
export class SlaPolicyController {
  constructor(private readonly policies: SlaPolicyService) {}

  @Get()
  @ApiOperation({
    summary: 'The SLA policy in force: targets per urgency, business hours and holidays',
    description:
      'The defaults (high 1 h / 8 h, medium 4 h / 24 h, low 8 h / 72 h, around the clock) until an admin sets one.',
  })
  @ApiOkResponse({ type: SlaPolicyResponseDto })
  async get(): Promise<SlaPolicyResponseDto> {
    return toSlaPolicyResponse(await this.policies.current());
  }

  @Put()
  @ApiOperation({
    summary: 'Replaces the SLA policy whole',
    description:
      'Applies to tickets whose clock starts afterwards (a ticket keeps the due times it was given); other ' +
      `instances use it within 5 seconds. ${SLA_POLICY_RULES}`,
  })
  @ApiOkResponse({ type: SlaPolicyResponseDto })
  async replace(@CurrentUser() caller: AuthenticatedUser, @Body() dto: SlaPolicyDto): Promise<SlaPolicyResponseDto> {
    return toSlaPolicyResponse(await this.policies.replace(toSlaPolicy(dto), caller.id));
  }
}

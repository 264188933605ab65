import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/access.decorators';
import { SystemStatusDto } from './system-status.dto';
import { SystemStatusService } from './system-status.service';

@ApiTags('Operations')
@Roles('admin')
@Controller('admin')
export class SystemStatusController {
  constructor(private readonly status: SystemStatusService) {}

  @Get('system-status')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The state of this instance: database, Redis, AI providers, scheduled jobs, build',
    description:
      'The database ping and the Redis round trip are the probes /ready makes (`ready` is its verdict); the AI ' +
      'ports say which implementation answers first and the latest hosted failure on this instance (the local ' +
      'fallback answered it: AI failures degrade answers, never readiness); the scheduler part is ' +
      'GET /admin/scheduler-status. Signing in needs the database, so while it is down this answers 503 DB_ERROR ' +
      'like every authenticated route: /ready is the probe that works then.',
  })
  @ApiOkResponse({ type: SystemStatusDto })
  systemStatus(): Promise<SystemStatusDto> {
    return this.status.status();
  }
}

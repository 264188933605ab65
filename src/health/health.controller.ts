import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/access.decorators';
import { AppError } from '../common/errors/app-error';
import { RedisPubSub } from '../realtime/redis-pubsub';
import { DatabaseProbe } from './database-probe';
import { LivenessDto, ReadinessDto, type ReadinessChecksDto } from './health.dto';

@ApiTags('Operations')
@Public()
@Controller()
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(
    private readonly database: DatabaseProbe,
    private readonly redis: RedisPubSub,
  ) {}

  @Get('health')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Liveness: the process is up and serving',
    description: 'Never touches the database, so a database outage does not get the process restarted.',
  })
  @ApiOkResponse({ type: LivenessDto })
  health(): LivenessDto {
    return { status: 'ok', uptime_seconds: Math.round((Date.now() - this.startedAt) / 1000) };
  }

  @Get('ready')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Readiness: the database answers a ping, and Redis carries a message (with REDIS_URL)',
    description:
      'Pings MongoDB and, with REDIS_URL, sends a message through Redis back to this instance, each with a ' +
      'one-second limit; 503 DB_ERROR, with `details.checks` naming what is down, takes the instance out of a load ' +
      'balancer. Without Redis an instance would serve chat that other instances never hear. AI providers are not ' +
      'checked: a failing one is replaced by the local implementation, so it degrades answers, not readiness ' +
      '(GET /admin/system-status shows it).',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({
    description: 'DB_ERROR envelope when the database or Redis does not answer; details.checks says which',
  })
  async ready(): Promise<ReadinessDto> {
    const [{ reachable: databaseUp }, redis] = await Promise.all([
      this.database.ping(),
      this.redis.configured ? this.redis.check() : undefined,
    ]);
    const checks: ReadinessChecksDto = { database: databaseUp ? 'up' : 'down', ...(redis ? { redis } : {}) };
    if (databaseUp && redis !== 'down') return { status: 'ready', checks };
    // SPEC §9 has one code for an unavailable store; details.checks says which one.
    const message = !databaseUp
      ? redis === 'down'
        ? 'The database and Redis are not reachable'
        : 'The database is not reachable'
      : 'Redis is not reachable';
    throw new AppError('DB_ERROR', message, { checks });
  }
}

import { Controller, Get, Header } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ConnectionStates, type Connection } from 'mongoose';
import { Public } from '../common/auth/access.decorators';
import { AppError } from '../common/errors/app-error';
import { RedisPubSub } from '../realtime/redis-pubsub';
import { LivenessDto, ReadinessDto, type ReadinessChecksDto } from './health.dto';

const PING_TIMEOUT_MS = 1000;

@ApiTags('Operations')
@Public()
@Controller()
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(
    @InjectConnection() private readonly connection: Connection,
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
      'balancer. Without Redis an instance would serve chat that other instances never hear.',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({
    description: 'DB_ERROR envelope when the database or Redis does not answer; details.checks says which',
  })
  async ready(): Promise<ReadinessDto> {
    const [databaseUp, redis] = await Promise.all([
      this.databaseAnswers(),
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

  private async databaseAnswers(): Promise<boolean> {
    const db = this.connection.db;
    if (this.connection.readyState !== ConnectionStates.connected || !db) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
    });
    try {
      return await Promise.race([db.command({ ping: 1 }).then(() => true), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}

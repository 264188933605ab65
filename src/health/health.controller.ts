import { Controller, Get, Header } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ConnectionStates, type Connection } from 'mongoose';
import { Public } from '../common/auth/access.decorators';
import { AppError } from '../common/errors/app-error';
import { LivenessDto, ReadinessDto } from './health.dto';

const PING_TIMEOUT_MS = 1000;

@ApiTags('Operations')
@Public()
@Controller()
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(@InjectConnection() private readonly connection: Connection) {}

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
    summary: 'Readiness: the database answers a ping',
    description: 'Pings MongoDB with a one-second limit; 503 DB_ERROR takes the instance out of a load balancer.',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ description: 'DB_ERROR envelope when the database does not answer' })
  async ready(): Promise<ReadinessDto> {
    if (!(await this.databaseAnswers())) {
      throw new AppError('DB_ERROR', 'The database is not reachable', { checks: { database: 'down' } });
    }
    return { status: 'ready', checks: { database: 'up' } };
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

import { Inject, Injectable } from '@nestjs/common';
import { AiStatusRegistry } from '../ai/ai-status';
import { Clock } from '../common/clock/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MisuseService } from '../misuse/misuse.service';
import { RedisPubSub } from '../realtime/redis-pubsub';
import { readBuildInfo, type BuildInfo } from './build-info';
import { DatabaseProbe } from './database-probe';
import type { JobsStatusDto, RedisStatusDto, SystemStatusDto } from './system-status.dto';
import { SlaMonitorService } from '../sla/sla-monitor.service';
import { SlaScheduler } from '../sla/sla-scheduler';

/**
 * Everything an operator checks first, in one answer: the stores the service cannot work without
 * (the same probes as /ready), the AI ports and how their hosted providers fare on this instance,
 * the scheduled jobs, and which build has been running for how long.
 */
@Injectable()
export class SystemStatusService {
  private readonly build: BuildInfo;
  private readonly startedAt: Date;

  constructor(
    private readonly database: DatabaseProbe,
    private readonly redis: RedisPubSub,
    private readonly ai: AiStatusRegistry,
    private readonly misuse: MisuseService,
    private readonly sla: SlaMonitorService,
    private readonly slaScheduler: SlaScheduler,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.startedAt = clock.now();
    this.build = readBuildInfo(config.buildCommit);
  }

  async status(): Promise<SystemStatusDto> {
    const [ping, serverVersion, redis, scheduler] = await Promise.all([
      this.database.ping(),
      this.database.serverVersion(),
      this.redisStatus(),
      this.schedulerStatus(),
    ]);
    const now = this.clock.now();
    return {
      generated_at: now,
      ready: ping.reachable && redis.reachable !== false,
      database: { reachable: ping.reachable, latency_ms: ping.latency_ms, server_version: serverVersion },
      redis,
      ai: this.ai.status(),
      scheduler,
      build: this.build,
      process: {
        node_version: process.version,
        started_at: this.startedAt,
        uptime_seconds: Math.max(0, Math.floor((now.getTime() - this.startedAt.getTime()) / 1000)),
      },
    };
  }

  private async schedulerStatus(): Promise<JobsStatusDto> {
    const [misuse, running, lastRun] = await Promise.all([
      this.misuse.schedulerStatus(),
      this.sla.runningAnywhere(),
      this.sla.lastRun(),
    ]);
    return {
      ...misuse,
      sla_monitor: {
        cron: this.config.slaCron,
        time_zone: 'UTC',
        next_run_at: this.slaScheduler.nextRunAt(),
        running,
        last_run: lastRun,
      },
    };
  }

  /** The round trip /ready makes (publish, hear it back), timed. */
  private async redisStatus(): Promise<RedisStatusDto> {
    if (!this.redis.configured) return { configured: false, reachable: null, round_trip_ms: null };
    const started = performance.now();
    const reachable = (await this.redis.check()) === 'up';
    return {
      configured: true,
      reachable,
      round_trip_ms: reachable ? Math.round((performance.now() - started) * 10) / 10 : null,
    };
  }
}

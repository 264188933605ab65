import { Module } from '@nestjs/common';
import { RedisPubSubModule } from '../realtime/redis-pubsub';
import { HealthController } from './health.controller';

@Module({ imports: [RedisPubSubModule], controllers: [HealthController] })
export class HealthModule {}

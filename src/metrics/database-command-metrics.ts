import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { MetricsService } from './metrics.service';

/**
 * The collection a command names: its first field's value (`find: 'tickets'`), or `collection`
 * for a getMore; empty for commands on no collection (`hello`, `ping`).
 */
function collectionOf(event: mongo.CommandStartedEvent): string {
  const named: unknown = event.command[event.commandName];
  if (typeof named === 'string') return named;
  const collection: unknown = event.command['collection'];
  return typeof collection === 'string' ? collection : '';
}

/**
 * Counts every command the app sends to the database (the driver's command monitoring, switched on
 * in DatabaseModule), by command name and collection: round trips per request are this counter's growth over the
 * requests answered meanwhile, a figure that does not depend on the engine's speed.
 */
@Injectable()
export class DatabaseCommandMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly count = (event: mongo.CommandStartedEvent) =>
    this.metrics.databaseCommands.inc({ command: event.commandName, collection: collectionOf(event) });

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.connection.getClient().on('commandStarted', this.count);
  }

  onModuleDestroy(): void {
    this.connection.getClient().off('commandStarted', this.count);
  }
}

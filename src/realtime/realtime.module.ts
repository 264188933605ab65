import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MessagesModule } from '../messages/messages.module';
import { TicketsModule } from '../tickets/tickets.module';
import { RealtimeRelay } from './realtime-relay';
import { RealtimeGateway } from './realtime.gateway';

@Module({
  imports: [AuthModule, TicketsModule, MessagesModule],
  providers: [RealtimeGateway, RealtimeRelay],
})
export class RealtimeModule {}

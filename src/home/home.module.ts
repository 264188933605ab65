import { Module } from '@nestjs/common';
import { MisuseModule } from '../misuse/misuse.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TicketsModule } from '../tickets/tickets.module';
import { UsersModule } from '../users/users.module';
import { HomeController } from './home.controller';
import { HomeService } from './home.service';

/** The role home pages: read-only figures from the repositories the features export. */
@Module({
  imports: [TicketsModule, NotificationsModule, MisuseModule, UsersModule],
  controllers: [HomeController],
  providers: [HomeService],
})
export class HomeModule {}

import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UsersModule } from '../users/users.module';
import { NotificationRules } from './notification-rules.service';
import { NotificationDocument, NotificationSchema } from './notification.schema';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: NotificationDocument.name, schema: NotificationSchema }]), UsersModule],
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService, NotificationRules],
  // The unread count, for the role home pages (home/).
  exports: [NotificationsRepository],
})
export class NotificationsModule {}

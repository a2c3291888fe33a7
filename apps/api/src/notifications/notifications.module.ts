// Notifications: the delivery log and test events (the notification client comes from the Temporal module).
import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({ controllers: [NotificationsController], providers: [NotificationsService] })
export class NotificationsModule {}

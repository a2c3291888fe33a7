// Notification use cases of the API: the delivery log of an export's or a batch's events, and test events.
import { Injectable } from '@nestjs/common';
import { NotificationClient } from '@crs-export/export-client';
import { AuditLog } from '../audit/audit-log';
import type { Caller } from '../exports/caller.decorator';
import { NotifyPolicy } from '../fleet/notify-policy';
import type { NotificationDeliveryDto, NotificationListDto } from './dto/notification.dto';

@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationClient,
    private readonly notify: NotifyPolicy,
    private readonly audit: AuditLog,
  ) {}

  async list(subjectId: string): Promise<NotificationListDto> {
    return { items: await this.notifications.listDeliveries(subjectId) };
  }

  get(deliveryId: string): Promise<NotificationDeliveryDto> {
    return this.notifications.getDelivery(deliveryId);
  }

  sendTest(endpoint: string, caller: Caller): Promise<NotificationDeliveryDto> {
    this.notify.checkEndpoint(endpoint);
    return this.audit.around(
      { actor: caller, action: 'notification.test', target: endpoint },
      () => this.notifications.sendTest(endpoint),
      (delivery) => ({ detail: delivery.state }),
    );
  }
}

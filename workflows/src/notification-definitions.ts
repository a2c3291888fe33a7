// Names every client of the notification workflow relies on: workflow type and query.
import { defineQuery } from '@temporalio/workflow';
import type { NotificationDelivery } from '@crs-export/contracts';

export const NOTIFICATION_WORKFLOW_TYPE = 'deliverNotification';

/** The delivery log as it stands: each attempt, the state, when the next attempt is due. */
export const deliveryStatusQuery = defineQuery<NotificationDelivery>('deliveryStatus');

/** A delivery that ended REJECTED or GAVE_UP fails with this type; details[0] is the NotificationDelivery. */
export const NOTIFICATION_NOT_DELIVERED_TYPE = 'NotificationNotDelivered';

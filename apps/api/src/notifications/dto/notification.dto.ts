// The delivery log of one event to one endpoint, the query of GET /notifications and the test request.
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import {
  DELIVERY_STATES,
  type DeliveryAttempt,
  type DeliveryState,
  type NotificationDelivery,
} from '@crs-export/contracts';

export class DeliveryAttemptDto implements DeliveryAttempt {
  @ApiProperty({ example: 1 })
  attempt!: number;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: Number, nullable: true, example: 503, description: 'null: no answer (refused, timed out)' })
  status!: number | null;

  @ApiProperty({ enum: ['delivered', 'retry', 'rejected'] })
  outcome!: 'delivered' | 'retry' | 'rejected';

  @ApiProperty({ example: '503 Service Unavailable: "maintenance"' })
  detail!: string;

  @ApiProperty({ example: 12 })
  durationMs!: number;
}

export class NotificationDeliveryDto implements NotificationDelivery {
  @ApiProperty({ example: 'notify-export-crs-j30wibe7-latest-3f0c...-01a2b3c4-ops' })
  deliveryId!: string;

  @ApiProperty({ example: 'ops' })
  endpoint!: string;

  @ApiProperty({ type: String, nullable: true, example: 'evt_3f0c2a9d4b1e6a7c8d9e0f1a2b3c4d5e' })
  eventId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'export.failed' })
  eventType!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The export or batch the event is about' })
  subjectId!: string | null;

  @ApiProperty({ enum: DELIVERY_STATES })
  state!: DeliveryState;

  @ApiProperty({ type: [DeliveryAttemptDto], description: 'The attempts (the last 50), oldest first' })
  attempts!: DeliveryAttemptDto[];

  @ApiProperty()
  attemptCount!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextAttemptAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;
}

export class NotificationListDto {
  @ApiProperty({ type: [NotificationDeliveryDto] })
  items!: NotificationDeliveryDto[];
}

/** An export's or a batch's id: their events' deliveries are listed by it. */
const SUBJECT_ID_PATTERN = /^(export|batch)-[A-Za-z0-9:._-]{4,250}$/;

export class ListNotificationsQuery {
  @ApiProperty({ example: 'batch-3f0c2a9d4b1e6a7c8d9e0f1a', description: 'The export or batch the events are about' })
  @IsString()
  @Matches(SUBJECT_ID_PATTERN, { message: 'subject must be an export id or a batch id' })
  subject!: string;
}

export class TestNotificationDto {
  @ApiProperty({ example: 'ops', description: 'A configured endpoint (WEBHOOK_ENDPOINTS)' })
  @IsString()
  @MaxLength(64)
  endpoint!: string;
}

// Routes of notifications: each handler is one call into NotificationsService.
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth/require-scope.decorator';
import { CallerOf, type Caller } from '../exports/caller.decorator';
import { ApiProblemResponses } from '../problems/problem-responses.decorator';
import {
  ListNotificationsQuery,
  NotificationDeliveryDto,
  NotificationListDto,
  TestNotificationDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth('apiKey')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: "The delivery log of an export's or a batch's events, each attempt with its answer" })
  @ApiOkResponse({ type: NotificationListDto })
  @ApiProblemResponses(400, 401, 429, 503)
  list(@Query() query: ListNotificationsQuery): Promise<NotificationListDto> {
    return this.notifications.list(query.subject);
  }

  @Get(':deliveryId')
  @RequireScope('read')
  @ApiParam({ name: 'deliveryId', example: 'notify-batch-3f0c2a9d4b1e6a7c8d9e0f1a-01a2b3c4-ops' })
  @ApiOperation({ summary: 'One delivery: its state and attempts' })
  @ApiOkResponse({ type: NotificationDeliveryDto })
  @ApiProblemResponses(400, 401, 404, 429, 503)
  get(@Param('deliveryId') deliveryId: string): Promise<NotificationDeliveryDto> {
    return this.notifications.get(deliveryId);
  }

  @Post('test')
  @RequireScope('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a test event to an endpoint now; answers after the first attempt with its outcome' })
  @ApiAcceptedResponse({ type: NotificationDeliveryDto })
  @ApiProblemResponses(400, 401, 413, 415, 429, 503)
  sendTest(@Body() body: TestNotificationDto, @CallerOf() caller: Caller): Promise<NotificationDeliveryDto> {
    return this.notifications.sendTest(body.endpoint, caller);
  }
}

// Routes of the schedule resource; each handler is one call into SchedulesService.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { RequireScope } from '../auth/require-scope.decorator';
import { CallerOf, type Caller } from '../exports/caller.decorator';
import { ApiProblemResponses } from '../problems/problem-responses.decorator';
import { CreateScheduleDto, ScheduleNoteDto, UpdateScheduleDto } from './dto/schedule-request.dto';
import { ScheduleListDto, ScheduleResourceDto, ScheduleTriggerDto } from './dto/schedule-resource.dto';
import { SchedulesService } from './schedules.service';

const scheduleIdParam = ApiParam({ name: 'scheduleId', example: 'nightly-gz' });

@ApiTags('schedules')
@ApiBearerAuth('apiKey')
@Controller('schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post()
  @RequireScope('admin')
  @ApiOperation({ summary: 'Create a schedule (a Temporal Schedule): each run exports a batch' })
  @ApiCreatedResponse({ type: ScheduleResourceDto })
  @ApiProblemResponses(400, 401, 409, 413, 415, 429, 503)
  create(@Body() body: CreateScheduleDto, @CallerOf() caller: Caller): Promise<ScheduleResourceDto> {
    return this.schedules.create(body, caller);
  }

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: 'Every schedule whose runs are batches' })
  @ApiOkResponse({ type: ScheduleListDto })
  @ApiProblemResponses(401, 429, 503)
  list(): Promise<ScheduleListDto> {
    return this.schedules.list();
  }

  @Get(':scheduleId')
  @RequireScope('read')
  @scheduleIdParam
  @ApiOperation({ summary: 'One schedule: spec, policy, batch, next runs, recent runs' })
  @ApiOkResponse({ type: ScheduleResourceDto })
  @ApiProblemResponses(400, 401, 404, 429, 503)
  get(@Param('scheduleId') scheduleId: string): Promise<ScheduleResourceDto> {
    return this.schedules.get(scheduleId);
  }

  @Patch(':scheduleId')
  @RequireScope('admin')
  @scheduleIdParam
  @ApiOperation({ summary: 'Change a schedule: the parts given, the rest kept' })
  @ApiOkResponse({ type: ScheduleResourceDto })
  @ApiProblemResponses(400, 401, 404, 413, 415, 429, 503)
  update(
    @Param('scheduleId') scheduleId: string,
    @Body() body: UpdateScheduleDto,
    @CallerOf() caller: Caller,
  ): Promise<ScheduleResourceDto> {
    return this.schedules.update(scheduleId, body, caller);
  }

  @Delete(':scheduleId')
  @RequireScope('admin')
  @HttpCode(204)
  @scheduleIdParam
  @ApiOperation({ summary: 'Delete a schedule; batches it started run on' })
  @ApiNoContentResponse()
  @ApiProblemResponses(400, 401, 404, 429, 503)
  remove(@Param('scheduleId') scheduleId: string, @CallerOf() caller: Caller): Promise<void> {
    return this.schedules.remove(scheduleId, caller);
  }

  @Post(':scheduleId/pause')
  @RequireScope('admin')
  @HttpCode(200)
  @scheduleIdParam
  @ApiOperation({ summary: 'Pause a schedule: no run starts until it is resumed' })
  @ApiOkResponse({ type: ScheduleResourceDto })
  @ApiProblemResponses(400, 401, 404, 413, 415, 429, 503)
  pause(
    @Param('scheduleId') scheduleId: string,
    @Body() body: ScheduleNoteDto,
    @CallerOf() caller: Caller,
  ): Promise<ScheduleResourceDto> {
    return this.schedules.pause(scheduleId, body.note, caller);
  }

  @Post(':scheduleId/resume')
  @RequireScope('admin')
  @HttpCode(200)
  @scheduleIdParam
  @ApiOperation({ summary: 'Resume a paused schedule' })
  @ApiOkResponse({ type: ScheduleResourceDto })
  @ApiProblemResponses(400, 401, 404, 413, 415, 429, 503)
  resume(
    @Param('scheduleId') scheduleId: string,
    @Body() body: ScheduleNoteDto,
    @CallerOf() caller: Caller,
  ): Promise<ScheduleResourceDto> {
    return this.schedules.resume(scheduleId, body.note, caller);
  }

  @Post(':scheduleId/trigger')
  @RequireScope('admin')
  @HttpCode(202)
  @scheduleIdParam
  @ApiOperation({ summary: 'Run the schedule now (whatever its overlap policy); answers with the batch it started' })
  @ApiAcceptedResponse({ type: ScheduleTriggerDto })
  @ApiProblemResponses(400, 401, 404, 413, 415, 429, 503)
  trigger(@Param('scheduleId') scheduleId: string, @CallerOf() caller: Caller): Promise<ScheduleTriggerDto> {
    return this.schedules.trigger(scheduleId, caller);
  }
}

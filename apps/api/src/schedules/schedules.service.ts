// Schedule use cases of the API: a request as a ScheduleDefinition (defaults, time zone, the batch checked
// like POST /batches), and calls into the schedule client.
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@crs-export/config';
import { durationMsOf, type ScheduleDefinition, type ScheduleSpec, type ScheduleStatus } from '@crs-export/contracts';
import { ScheduleClient } from '@crs-export/export-client';
import { AuditLog } from '../audit/audit-log';
import type { AuditAction } from '../audit/audit-entry';
import { API_CONFIG } from '../core/api-tokens';
import type { Caller } from '../exports/caller.decorator';
import { batchInputOf } from '../fleet/batch-input-of';
import { DestinationPolicy } from '../fleet/destination-policy';
import { NotifyPolicy } from '../fleet/notify-policy';
import { RequestValidationError } from '../problems/api-errors';
import type { CreateScheduleDto, UpdateScheduleDto } from './dto/schedule-request.dto';
import type { ScheduleListDto, ScheduleResourceDto, ScheduleTriggerDto } from './dto/schedule-resource.dto';

const DEFAULT_CATCHUP_WINDOW = '1h';
const MIN_CATCHUP_WINDOW_MS = 10_000;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

@Injectable()
export class SchedulesService {
  constructor(
    private readonly schedules: ScheduleClient,
    private readonly destinations: DestinationPolicy,
    private readonly notify: NotifyPolicy,
    private readonly audit: AuditLog,
    @Inject(API_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every change of a schedule leaves an audit line (who, what, when, request id, outcome). */
  private audited<T>(caller: Caller, action: AuditAction, scheduleId: string, run: () => Promise<T>): Promise<T> {
    return this.audit.around({ actor: caller, action, target: scheduleId }, run);
  }

  create(body: CreateScheduleDto, caller: Caller): Promise<ScheduleResourceDto> {
    return this.audited(caller, 'schedule.create', body.scheduleId, () => this.createSchedule(body));
  }

  private async createSchedule(body: CreateScheduleDto): Promise<ScheduleResourceDto> {
    const definition: ScheduleDefinition = {
      scheduleId: body.scheduleId,
      spec: this.specOf(body, null),
      policy: this.policyOf(body, null),
      batch: this.batchOf(body),
      note: body.note ?? null,
      paused: body.paused ?? false,
    };
    return this.resourceOf(await this.schedules.createSchedule(definition));
  }

  async list(): Promise<ScheduleListDto> {
    return { items: (await this.schedules.listSchedules()).map((status) => this.resourceOf(status)) };
  }

  async get(scheduleId: string): Promise<ScheduleResourceDto> {
    return this.resourceOf(await this.schedules.getSchedule(scheduleId));
  }

  update(scheduleId: string, body: UpdateScheduleDto, caller: Caller): Promise<ScheduleResourceDto> {
    return this.audited(caller, 'schedule.update', scheduleId, () => this.updateSchedule(scheduleId, body));
  }

  private async updateSchedule(scheduleId: string, body: UpdateScheduleDto): Promise<ScheduleResourceDto> {
    const current = await this.schedules.getSchedule(scheduleId);
    const given = (fields: (keyof UpdateScheduleDto)[]): boolean => fields.some((field) => body[field] !== undefined);
    const specGiven = given(['cron', 'every', 'offset', 'timeZone', 'jitter']);
    const policyGiven = given(['overlap', 'catchupWindow', 'pauseOnFailure']);
    const status = await this.schedules.updateSchedule(scheduleId, {
      ...(specGiven ? { spec: this.specOf(body, current.spec) } : {}),
      ...(policyGiven ? { policy: this.policyOf(body, current.policy) } : {}),
      ...(body.batch ? { batch: this.batchOf({ batch: body.batch }) } : {}),
      ...(body.note !== undefined ? { note: body.note } : {}),
    });
    return this.resourceOf(status);
  }

  async pause(scheduleId: string, note: string | undefined, caller: Caller): Promise<ScheduleResourceDto> {
    const status = await this.audited(caller, 'schedule.pause', scheduleId, () =>
      this.schedules.pauseSchedule(scheduleId, note ?? 'paused through the API'),
    );
    return this.resourceOf(status);
  }

  async resume(scheduleId: string, note: string | undefined, caller: Caller): Promise<ScheduleResourceDto> {
    const status = await this.audited(caller, 'schedule.resume', scheduleId, () =>
      this.schedules.resumeSchedule(scheduleId, note ?? 'resumed through the API'),
    );
    return this.resourceOf(status);
  }

  async trigger(scheduleId: string, caller: Caller): Promise<ScheduleTriggerDto> {
    const { status, batchId } = await this.audit.around(
      { actor: caller, action: 'schedule.trigger', target: scheduleId },
      () => this.schedules.triggerSchedule(scheduleId),
      (triggered) => (triggered.batchId ? { detail: triggered.batchId } : {}),
    );
    return { ...this.resourceOf(status), triggeredBatchId: batchId };
  }

  async remove(scheduleId: string, caller: Caller): Promise<void> {
    await this.audited(caller, 'schedule.delete', scheduleId, () => this.schedules.deleteSchedule(scheduleId));
  }

  private specOf(body: Partial<CreateScheduleDto>, current: ScheduleSpec | null): ScheduleSpec {
    const spec: ScheduleSpec = {
      cron: body.cron ?? current?.cron ?? [],
      every: body.every ?? current?.every ?? null,
      offset: body.offset ?? current?.offset ?? null,
      timeZone: body.timeZone ?? current?.timeZone ?? this.config.fleet.scheduleTimeZone,
      jitter: body.jitter ?? current?.jitter ?? null,
    };
    if (spec.cron.length === 0 && spec.every === null) {
      throw new RequestValidationError([{ field: 'cron', messages: ['give cron and/or every: when runs are due'] }]);
    }
    if (spec.offset !== null && spec.every === null) {
      throw new RequestValidationError([{ field: 'offset', messages: ['offset goes with every'] }]);
    }
    if (!isTimeZone(spec.timeZone)) {
      throw new RequestValidationError([
        { field: 'timeZone', messages: ['timeZone must be an IANA time zone such as Asia/Shanghai or UTC'] },
      ]);
    }
    return spec;
  }

  private policyOf(body: Partial<CreateScheduleDto>, current: ScheduleDefinition['policy'] | null) {
    const policy = {
      overlap: body.overlap ?? current?.overlap ?? 'SKIP',
      catchupWindow: body.catchupWindow ?? current?.catchupWindow ?? DEFAULT_CATCHUP_WINDOW,
      pauseOnFailure: body.pauseOnFailure ?? current?.pauseOnFailure ?? false,
    };
    if (durationMsOf(policy.catchupWindow) < MIN_CATCHUP_WINDOW_MS) {
      throw new RequestValidationError([
        { field: 'catchupWindow', messages: ['catchupWindow must be at least 10s (Temporal refuses less)'] },
      ]);
    }
    return policy;
  }

  private batchOf(body: Pick<CreateScheduleDto, 'batch'>): ScheduleDefinition['batch'] {
    return batchInputOf(
      body.batch,
      { config: this.config, destinations: this.destinations, notify: this.notify },
      'batch.',
    );
  }

  private resourceOf(status: ScheduleStatus): ScheduleResourceDto {
    const base = this.config.api.temporalUiUrl.replace(/\/+$/, '');
    const namespace = encodeURIComponent(this.config.temporal.namespace);
    return {
      ...status,
      links: {
        self: `/schedules/${encodeURIComponent(status.scheduleId)}`,
        temporalUi: `${base}/namespaces/${namespace}/schedules/${encodeURIComponent(status.scheduleId)}`,
      },
    };
  }
}

// Batches and schedules as the CLI calls them, over the export client's HTTP call (same timeout, same errors).
import type { BatchStatus, ScheduleStatus } from '@crs-export/contracts';
import type { ExportApiClient } from './export-api-client';
import type { ExportSummaryResource } from './export-resource';

export type BatchResource = BatchStatus & {
  children?: { items: ExportSummaryResource[]; nextCursor: string | null };
  links?: { self: string; temporalUi: string };
};
export type ScheduleResource = ScheduleStatus & { links?: { self: string; temporalUi: string } };

/** The request bodies: what POST /batches and POST /schedules take (see the API's OpenAPI document). */
export type BatchRequest = Record<string, unknown>;
export type ScheduleRequest = Record<string, unknown> & { scheduleId: string; batch: BatchRequest };

const path = (base: string, id: string, suffix = ''): string => `${base}/${encodeURIComponent(id)}${suffix}`;

export class FleetApiClient {
  constructor(private readonly http: ExportApiClient) {}

  async startBatch(body: BatchRequest, idempotencyKey?: string): Promise<{ created: boolean; batch: BatchResource }> {
    const headers: Record<string, string> = idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey };
    const { status, body: batch } = await this.http.call<BatchResource>(
      'start batch',
      'POST',
      '/batches',
      body,
      headers,
    );
    return { created: status === 201, batch };
  }

  async getBatch(batchId: string, limit = 20): Promise<BatchResource> {
    return (await this.http.call<BatchResource>('get batch', 'GET', path('/batches', batchId, `?limit=${limit}`))).body;
  }

  async cancelBatch(batchId: string): Promise<BatchResource> {
    return (await this.http.call<BatchResource>('cancel batch', 'POST', path('/batches', batchId, '/cancel'), {})).body;
  }

  async createSchedule(body: ScheduleRequest): Promise<ScheduleResource> {
    return (await this.http.call<ScheduleResource>('create schedule', 'POST', '/schedules', body)).body;
  }

  async listSchedules(): Promise<ScheduleResource[]> {
    return (await this.http.call<{ items: ScheduleResource[] }>('list schedules', 'GET', '/schedules')).body.items;
  }

  async getSchedule(scheduleId: string): Promise<ScheduleResource> {
    return (await this.http.call<ScheduleResource>('get schedule', 'GET', path('/schedules', scheduleId))).body;
  }

  async pauseSchedule(scheduleId: string, note?: string): Promise<ScheduleResource> {
    const body = note === undefined ? {} : { note };
    return (
      await this.http.call<ScheduleResource>('pause schedule', 'POST', path('/schedules', scheduleId, '/pause'), body)
    ).body;
  }

  async resumeSchedule(scheduleId: string, note?: string): Promise<ScheduleResource> {
    const body = note === undefined ? {} : { note };
    return (
      await this.http.call<ScheduleResource>('resume schedule', 'POST', path('/schedules', scheduleId, '/resume'), body)
    ).body;
  }

  async triggerSchedule(scheduleId: string): Promise<ScheduleResource & { triggeredBatchId: string | null }> {
    return (
      await this.http.call<ScheduleResource & { triggeredBatchId: string | null }>(
        'trigger schedule',
        'POST',
        path('/schedules', scheduleId, '/trigger'),
        {},
      )
    ).body;
  }

  async deleteSchedule(scheduleId: string): Promise<void> {
    await this.http.call<null>('delete schedule', 'DELETE', path('/schedules', scheduleId));
  }
}

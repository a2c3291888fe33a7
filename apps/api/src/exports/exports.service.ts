// Export use cases of the API: fills in defaults, calls the export client, shapes resources.
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@crs-export/config';
import { filesWithoutUrls, type ExportStatus, type ExportSummary } from '@crs-export/contracts';
import { ExportClient } from '@crs-export/export-client';
import { AuditLog } from '../audit/audit-log';
import { API_CONFIG } from '../core/api-tokens';
import { DestinationPolicy } from '../fleet/destination-policy';
import { NotifyPolicy } from '../fleet/notify-policy';
import type { Caller } from './caller.decorator';
import type { CancelExportDto } from './dto/cancel-export.dto';
import type { CreateExportDto } from './dto/create-export.dto';
import type { ExportLinksDto, ExportPageDto, ExportResourceDto, ExportSummaryDto } from './dto/export-resource.dto';
import { DEFAULT_PAGE_SIZE, type ListExportsQuery } from './dto/list-exports.query';

/** The API's answer to a start: the resource, and whether this request created it (201) or found it (200). */
export interface ExportStartAnswer {
  resource: ExportResourceDto;
  created: boolean;
}

@Injectable()
export class ExportsService {
  constructor(
    private readonly exports: ExportClient,
    @Inject(API_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditLog,
    private readonly destinations: DestinationPolicy,
    private readonly notifyPolicy: NotifyPolicy,
  ) {}

  start(body: CreateExportDto, caller: Caller): Promise<ExportStartAnswer> {
    return this.audit.around(
      { actor: caller, action: 'export.start', target: `${body.redisId}/${body.backupId}` },
      () => this.startExport(body, caller),
      ({ resource, created }) => ({ target: resource.exportId, detail: created ? 'created' : 'existing' }),
    );
  }

  private async startExport(body: CreateExportDto, caller: Caller): Promise<ExportStartAnswer> {
    const newBackup =
      body.backupId === 'new' && (body.remark !== undefined || body.storageDays !== undefined)
        ? {
            ...(body.remark === undefined ? {} : { remark: body.remark }),
            ...(body.storageDays === undefined ? {} : { storageDays: body.storageDays }),
          }
        : undefined;
    const destination = this.destinations.destinationFor(body.destination);
    const notify = this.notifyPolicy.settingsFor(body.notify, undefined);
    const { status, created } = await this.exports.startExport(
      {
        redisId: body.redisId,
        backupId: body.backupId,
        region: body.region ?? this.config.crs.region,
        polling: this.config.polling,
        ...(newBackup ? { newBackup } : {}),
        ...(body.downloadRestriction ? { downloadRestriction: body.downloadRestriction } : {}),
        ...(destination ? { destination } : {}),
        ...(notify ? { notify } : {}),
      },
      { callerId: caller.keyId, ...(caller.idempotencyKey ? { idempotencyKey: caller.idempotencyKey } : {}) },
    );
    return { resource: this.resourceOf(status), created };
  }

  async get(exportId: string, includeUrls = false): Promise<ExportResourceDto> {
    return this.resourceOf(await this.exports.getExport(exportId), includeUrls);
  }

  async list(query: ListExportsQuery): Promise<ExportPageDto> {
    const page = await this.exports.listExports({
      redisId: query.redisId,
      backupId: query.backupId,
      state: query.state,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
    return { items: page.items.map((item) => this.summaryOf(item)), nextCursor: page.nextCursor };
  }

  async cancel(exportId: string, body: CancelExportDto, caller: Caller): Promise<ExportResourceDto> {
    const status = await this.audit.around({ actor: caller, action: 'export.cancel', target: exportId }, () =>
      this.exports.cancelExport(exportId, body.reason ?? 'cancelled through the API'),
    );
    return this.resourceOf(status);
  }

  async retry(exportId: string, caller: Caller): Promise<ExportResourceDto> {
    const status = await this.audit.around({ actor: caller, action: 'export.retry', target: exportId }, () =>
      this.exports.retryExport(exportId),
    );
    return this.resourceOf(status);
  }

  private linksOf(exportId: string): ExportLinksDto {
    const namespace = encodeURIComponent(this.config.temporal.namespace);
    const base = this.config.api.temporalUiUrl.replace(/\/+$/, '');
    return {
      self: `/exports/${encodeURIComponent(exportId)}`,
      temporalUi: `${base}/namespaces/${namespace}/workflows/${encodeURIComponent(exportId)}`,
    };
  }

  private summaryOf(summary: ExportSummary): ExportSummaryDto {
    return { ...summary, links: this.linksOf(summary.exportId) };
  }

  /** The resource; the files' download URLs (bearer secrets) only when asked for with the scope. */
  private resourceOf(status: ExportStatus, includeUrls = false): ExportResourceDto {
    const files = includeUrls ? status.files : filesWithoutUrls(status.files);
    return { ...status, files, links: this.linksOf(status.exportId) };
  }
}

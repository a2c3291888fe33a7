// Batch use cases of the API: fills in defaults, checks destination and endpoints, calls the batch client,
// pages the children through the export listing.
import { Inject, Injectable } from '@nestjs/common';
import { executionUrlOf, type AppConfig } from '@crs-export/config';
import { BatchIdSearchAttribute, type BatchStatus } from '@crs-export/contracts';
import { BatchClient, ExportClient } from '@crs-export/export-client';
import { AuditLog } from '../audit/audit-log';
import { API_CONFIG } from '../core/api-tokens';
import type { Caller } from '../exports/caller.decorator';
import { DEFAULT_PAGE_SIZE } from '../exports/dto/list-exports.query';
import { batchInputOf } from '../fleet/batch-input-of';
import { DestinationPolicy } from '../fleet/destination-policy';
import { NotifyPolicy } from '../fleet/notify-policy';
import type { BatchChildrenQuery } from './dto/batch-children.query';
import type { BatchRequestDto } from './dto/batch-request.dto';
import type { BatchLinksDto, BatchResourceDto, BatchWithChildrenDto } from './dto/batch-resource.dto';

export interface BatchStartAnswer {
  resource: BatchResourceDto;
  created: boolean;
}

@Injectable()
export class BatchesService {
  constructor(
    private readonly batches: BatchClient,
    private readonly exports: ExportClient,
    private readonly destinations: DestinationPolicy,
    private readonly notify: NotifyPolicy,
    private readonly audit: AuditLog,
    @Inject(API_CONFIG) private readonly config: AppConfig,
  ) {}

  start(body: BatchRequestDto, caller: Caller): Promise<BatchStartAnswer> {
    const input = batchInputOf(body, { config: this.config, destinations: this.destinations, notify: this.notify });
    return this.audit.around(
      { actor: caller, action: 'batch.start', target: JSON.stringify(input.selector) },
      async () => {
        const { status, created } = await this.batches.startBatch(input, {
          callerId: caller.keyId,
          ...(caller.idempotencyKey ? { idempotencyKey: caller.idempotencyKey } : {}),
        });
        return { resource: this.resourceOf(status), created };
      },
      ({ resource, created }) => ({ target: resource.batchId, detail: created ? 'created' : 'existing' }),
    );
  }

  async get(batchId: string, query: BatchChildrenQuery): Promise<BatchWithChildrenDto> {
    const status = await this.batches.getBatch(batchId);
    const page = await this.exports.listExports({
      batchId: status.batchId,
      state: query.state,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
    return {
      ...this.resourceOf(status),
      children: {
        items: page.items.map((item) => ({
          ...item,
          links: {
            self: `/exports/${encodeURIComponent(item.exportId)}`,
            temporalUi: executionUrlOf(this.config, item.exportId),
          },
        })),
        nextCursor: page.nextCursor,
      },
    };
  }

  async cancel(batchId: string, reason: string | undefined, caller: Caller): Promise<BatchResourceDto> {
    const status = await this.audit.around(
      { actor: caller, action: 'batch.cancel', target: batchId },
      () => this.batches.cancelBatch(batchId),
      () => (reason ? { detail: 'with a reason' } : {}),
    );
    return this.resourceOf(status);
  }

  private linksOf(batchId: string): BatchLinksDto {
    const base = this.config.api.temporalUiUrl.replace(/\/+$/, '');
    const namespace = encodeURIComponent(this.config.temporal.namespace);
    const query = encodeURIComponent(`${BatchIdSearchAttribute.name}="${batchId}"`);
    return {
      self: `/batches/${encodeURIComponent(batchId)}`,
      temporalUi: `${base}/namespaces/${namespace}/workflows?query=${query}`,
    };
  }

  private resourceOf(status: BatchStatus): BatchResourceDto {
    return { ...status, links: this.linksOf(status.batchId) };
  }
}

// A batch request (POST /batches, or a schedule's batch) as the exportBatch workflow's input: defaults
// filled in, the destination checked against the allow-list, endpoints checked by name.
import type { AppConfig } from '@crs-export/config';
import type { BatchInput, InstanceSelector } from '@crs-export/contracts';
import type { BatchRequestDto } from '../batches/dto/batch-request.dto';
import { RequestValidationError } from '../problems/api-errors';
import type { DestinationPolicy } from './destination-policy';
import type { NotifyPolicy } from './notify-policy';

export interface BatchInputPolicies {
  config: AppConfig;
  destinations: DestinationPolicy;
  notify: NotifyPolicy;
}

function selectorOf(dto: BatchRequestDto, config: AppConfig, prefix: string): InstanceSelector {
  const { selector } = dto;
  const region = selector.region ?? config.crs.region;
  const filtered = selector.architecture !== undefined || selector.name !== undefined || selector.tags !== undefined;
  if (selector.redisIds !== undefined) {
    if (filtered) {
      throw new RequestValidationError([
        { field: `${prefix}selector`, messages: ['give redisIds or filters (architecture, name, tags), not both'] },
      ]);
    }
    return { region, redisIds: selector.redisIds };
  }
  return {
    region,
    ...(selector.architecture ? { architecture: selector.architecture } : {}),
    ...(selector.name !== undefined ? { name: selector.name } : {}),
    ...(selector.tags ? { tags: selector.tags } : {}),
  };
}

export function batchInputOf(
  dto: BatchRequestDto,
  { config, destinations, notify }: BatchInputPolicies,
  prefix = '',
): Omit<BatchInput, 'scheduleId'> {
  const destination = destinations.destinationFor(dto.destination, `${prefix}destination`);
  if (dto.retention && !destination) {
    throw new RequestValidationError([
      { field: `${prefix}retention`, messages: ['retention needs a destination (or ARCHIVE_URL) to prune'] },
    ]);
  }
  if (dto.retention && dto.retention.keepLast === undefined && dto.retention.keepDays === undefined) {
    throw new RequestValidationError([{ field: `${prefix}retention`, messages: ['give keepLast and/or keepDays'] }]);
  }
  const batchNotify = notify.settingsFor(dto.notify, undefined, `${prefix}notify`);
  const exportsNotify =
    dto.notifyExports === undefined || dto.notifyExports === 'none'
      ? undefined
      : notify.settingsFor(dto.notify, dto.notifyExports === 'failed' ? ['FAILED'] : undefined, `${prefix}notify`);
  if (dto.notifyExports && dto.notifyExports !== 'none' && !batchNotify) {
    throw new RequestValidationError([
      { field: `${prefix}notifyExports`, messages: ['notifyExports needs notify (the endpoints to tell)'] },
    ]);
  }
  return {
    selector: selectorOf(dto, config, prefix),
    backup: dto.backup ?? 'latest',
    concurrency: dto.concurrency ?? config.fleet.batchConcurrency,
    polling: config.polling,
    ...(destination ? { destination } : {}),
    ...(dto.retention ? { retention: { ...dto.retention } } : {}),
    ...(batchNotify ? { notify: batchNotify } : {}),
    ...(exportsNotify ? { notifyExports: exportsNotify } : {}),
  };
}

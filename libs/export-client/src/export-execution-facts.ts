// What Temporal itself knows of an export execution (status, search attributes, memo, times), read from a
// describe() or from a raw visibility entry through public SDK APIs only.
import type { LoadedDataConverter } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import type { WorkflowExecutionDescription, WorkflowExecutionStatusName } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import {
  BackupIdSearchAttribute,
  ExportStateSearchAttribute,
  isExportState,
  RedisIdSearchAttribute,
  type ExportState,
} from '@crs-export/contracts';
import { decodeFirstPayload } from './payload-decoding';

export interface ExportExecutionFacts {
  workflowId: string;
  status: WorkflowExecutionStatusName;
  redisId: string;
  backupId: string;
  /** The ExportState search attribute, when it holds a state. */
  recordedState: ExportState | null;
  /** From the memo; '' when absent. */
  region: string;
  /** From the memo: a backup ID, `latest` or `new`; the BackupId attribute for exports started before it was kept. */
  requestedBackup: string;
  startTime: Date;
  closeTime: Date | null;
}

export function factsOfDescription(description: WorkflowExecutionDescription): ExportExecutionFacts {
  const attributes = description.typedSearchAttributes;
  const state = attributes.get(ExportStateSearchAttribute);
  const region = description.memo?.['region'];
  const requested = description.memo?.['requestedBackup'];
  const backupId = attributes.get(BackupIdSearchAttribute) ?? '';
  return {
    workflowId: description.workflowId,
    status: description.status.name,
    redisId: attributes.get(RedisIdSearchAttribute) ?? '',
    backupId,
    recordedState: isExportState(state) ? state : null,
    region: typeof region === 'string' ? region : '',
    requestedBackup: typeof requested === 'string' ? requested : backupId,
    startTime: description.startTime,
    closeTime: description.closeTime ?? null,
  };
}

type RawExecution = temporal.api.workflow.v1.IWorkflowExecutionInfo;
const Status = temporal.api.enums.v1.WorkflowExecutionStatus;
const STATUS_PREFIX = 'WORKFLOW_EXECUTION_STATUS_';

/** A raw listWorkflowExecutions entry: search attributes are never codec-encoded; the memo may be. */
export async function factsOfRawExecution(
  raw: RawExecution,
  converter: LoadedDataConverter,
): Promise<ExportExecutionFacts> {
  const fields = raw.searchAttributes?.indexedFields ?? {};
  const keyword = (name: string): string => {
    const payload = fields[name];
    const value: unknown = payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
    return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
  };
  const state = keyword(ExportStateSearchAttribute.name);
  const region = await memoField(raw, 'region', converter);
  const requested = await memoField(raw, 'requestedBackup', converter);
  const backupId = keyword(BackupIdSearchAttribute.name);
  const statusName = (Status[raw.status ?? 0] ?? 'WORKFLOW_EXECUTION_STATUS_UNSPECIFIED').slice(STATUS_PREFIX.length);
  return {
    workflowId: raw.execution?.workflowId ?? '',
    status: statusName as WorkflowExecutionStatusName,
    redisId: keyword(RedisIdSearchAttribute.name),
    backupId,
    recordedState: isExportState(state) ? state : null,
    region: typeof region === 'string' ? region : '',
    requestedBackup: typeof requested === 'string' ? requested : backupId,
    startTime: dateOf(raw.startTime) ?? new Date(0),
    closeTime: dateOf(raw.closeTime),
  };
}

/**
 * One memo field, decoded; undefined when absent or when this deployment cannot decode it (a payload under a
 * key it no longer holds): one such export must not make a whole page of the list fail, and its search
 * attributes, which are never encoded, still say what it is.
 */
async function memoField(raw: RawExecution, name: string, converter: LoadedDataConverter): Promise<unknown> {
  const payload = raw.memo?.fields?.[name];
  if (!payload) return undefined;
  try {
    return await decodeFirstPayload(converter, [payload]);
  } catch {
    return undefined;
  }
}

function dateOf(timestamp: temporal.api.workflow.v1.IWorkflowExecutionInfo['startTime']): Date | null {
  if (!timestamp) return null;
  const seconds = Number(timestamp.seconds ?? 0);
  return new Date(seconds * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6));
}

// Visibility queries over exports: the workflow type plus the export search attributes.
import {
  BackupIdSearchAttribute,
  BatchIdSearchAttribute,
  ExportStateSearchAttribute,
  RedisIdSearchAttribute,
  type ExportFilter,
} from '@crs-export/contracts';
import { EXPORT_WORKFLOW_TYPE } from '@crs-export/workflows';

/** A string literal for the visibility query language (also for batch queries); values are validated upstream, this is defence in depth. */
export function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function exportVisibilityQuery(filter: ExportFilter): string {
  const clauses = [`WorkflowType = ${literal(EXPORT_WORKFLOW_TYPE)}`];
  if (filter.redisId !== undefined) clauses.push(`${RedisIdSearchAttribute.name} = ${literal(filter.redisId)}`);
  if (filter.backupId !== undefined) clauses.push(`${BackupIdSearchAttribute.name} = ${literal(filter.backupId)}`);
  if (filter.state !== undefined) clauses.push(`${ExportStateSearchAttribute.name} = ${literal(filter.state)}`);
  if (filter.batchId !== undefined) clauses.push(`${BatchIdSearchAttribute.name} = ${literal(filter.batchId)}`);
  return clauses.join(' AND ');
}

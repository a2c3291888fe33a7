// The exports that SUCCEEDED since a time, from visibility: what the last-success metric per instance is
// built from (with a destination, SUCCEEDED means the archive is complete and verified).
import type { Client } from '@temporalio/client';
import { ExportStateSearchAttribute, RedisIdSearchAttribute } from '@crs-export/contracts';
import { EXPORT_WORKFLOW_TYPE } from '@crs-export/workflows';
import { literal } from './export-visibility-query';

export interface ExportSuccess {
  redisId: string;
  region: string | null;
  closedAt: Date;
}

/** Every SUCCEEDED export that closed after `since` (visibility is eventually consistent: seconds behind). */
export async function* succeededExportsSince(client: Client, since: Date): AsyncIterable<ExportSuccess> {
  const query = [
    `WorkflowType = ${literal(EXPORT_WORKFLOW_TYPE)}`,
    `${ExportStateSearchAttribute.name} = 'SUCCEEDED'`,
    `CloseTime > ${literal(since.toISOString())}`,
  ].join(' AND ');
  for await (const execution of client.workflow.list({ query, pageSize: 1000 })) {
    const redisId = execution.typedSearchAttributes.get(RedisIdSearchAttribute);
    if (!redisId || !execution.closeTime) continue;
    const region = execution.memo?.['region'];
    yield { redisId, region: typeof region === 'string' ? region : null, closedAt: execution.closeTime };
  }
}

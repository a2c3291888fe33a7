// Lint fixture: what workflow code may import. The lint test expects no complaint.
import { proxyActivities } from '@temporalio/workflow';
import { type ExportState } from '@crs-export/contracts';

const { ping } = proxyActivities<{ ping(): Promise<ExportState> }>({ startToCloseTimeout: '1 minute' });

export async function pings(): Promise<ExportState> {
  return ping();
}

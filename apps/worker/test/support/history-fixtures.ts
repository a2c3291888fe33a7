// Saves histories of real test runs as replay fixtures (workflows/test/histories) when asked to:
// UPDATE_HISTORY_FIXTURES=1 npx vitest run --project worker
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';

export const HISTORY_FIXTURES_DIR = resolve(__dirname, '..', '..', '..', '..', 'workflows', 'test', 'histories');

export function updatingHistoryFixtures(): boolean {
  return process.env['UPDATE_HISTORY_FIXTURES'] === '1';
}

export async function saveHistoryFixture(name: string, handle: WorkflowHandle): Promise<void> {
  if (!updatingHistoryFixtures()) return;
  const history = await handle.fetchHistory();
  mkdirSync(HISTORY_FIXTURES_DIR, { recursive: true });
  const fixture = { workflowId: handle.workflowId, history: JSON.parse(historyToJSON(history)) as unknown };
  writeFileSync(join(HISTORY_FIXTURES_DIR, `${name}.json`), `${JSON.stringify(fixture, null, 1)}\n`);
}

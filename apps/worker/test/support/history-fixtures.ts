// Saves histories of real test runs as replay fixtures (workflows/test/histories) when asked to:
// UPDATE_HISTORY_FIXTURES=1 npx vitest run --project worker
// The history is stored as base64 protobuf: historyToJSON breaks on this install's two protobufjs copies
// (@temporalio/common nests protobufjs 8 while @temporalio/proto uses 7); the event types are listed for readers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';

export const HISTORY_FIXTURES_DIR = resolve(__dirname, '..', '..', '..', '..', 'workflows', 'test', 'histories');

export function updatingHistoryFixtures(): boolean {
  return process.env['UPDATE_HISTORY_FIXTURES'] === '1';
}

export async function saveHistoryFixture(name: string, handle: WorkflowHandle): Promise<void> {
  if (!updatingHistoryFixtures()) return;
  const history = await handle.fetchHistory();
  const EventType = temporal.api.enums.v1.EventType;
  const fixture = {
    workflowId: handle.workflowId,
    eventTypes: (history.events ?? []).map((event) => EventType[event.eventType ?? 0]),
    historyProtoBase64: Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('base64'),
  };
  mkdirSync(HISTORY_FIXTURES_DIR, { recursive: true });
  writeFileSync(join(HISTORY_FIXTURES_DIR, `${name}.json`), `${JSON.stringify(fixture, null, 1)}\n`);
}

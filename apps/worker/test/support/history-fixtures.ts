// Saves histories of real test runs as replay fixtures when asked to
// (UPDATE_HISTORY_FIXTURES=1 npx vitest run --project worker): one file per scenario under
// workflows/test/histories/<WORKFLOW_HISTORY_VERSION>/, never over one already saved (a version's histories
// stay what executions of that build look like; workflows/src/history-version.ts says when to bump it).
// The harness encrypts every payload with the tests' fixed codec key (libs/testing), so the saved histories are
// encrypted as production ones are; the replay test decodes them with the same key.
// The history is stored as base64 protobuf: historyToJSON breaks on this install's two protobufjs copies
// (@temporalio/common nests protobufjs 8 while @temporalio/proto uses 7); the event types and the payload
// encodings are listed for readers.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import { WORKFLOW_HISTORY_VERSION } from '@crs-export/workflows';

export const HISTORY_FIXTURES_DIR = resolve(__dirname, '..', '..', '..', '..', 'workflows', 'test', 'histories');

export function updatingHistoryFixtures(): boolean {
  return process.env['UPDATE_HISTORY_FIXTURES'] === '1';
}

export async function saveHistoryFixture(name: string, handle: WorkflowHandle): Promise<void> {
  if (!updatingHistoryFixtures()) return;
  const dir = join(HISTORY_FIXTURES_DIR, WORKFLOW_HISTORY_VERSION);
  const file = join(dir, `${name}.json`);
  if (existsSync(file)) {
    throw new Error(
      `${file} is saved already: histories are never overwritten; bump WORKFLOW_HISTORY_VERSION ` +
        '(workflows/src/history-version.ts) to record the histories of a changed workflow',
    );
  }
  const history = await handle.fetchHistory();
  const EventType = temporal.api.enums.v1.EventType;
  const fixture = {
    workflowId: handle.workflowId,
    eventTypes: (history.events ?? []).map((event) => EventType[event.eventType ?? 0]),
    ...payloadMetadataOf(history),
    historyProtoBase64: Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('base64'),
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(fixture, null, 1)}\n`, { flag: 'wx' });
}

/** The distinct `encoding` and `encryption-key-id` of the history's payloads but search attributes (json/plain). */
function payloadMetadataOf(history: temporal.api.history.v1.IHistory): {
  payloadEncodings: string[];
  codecKeyIds: string[];
} {
  const encodings = new Set<string>();
  const keyIds = new Set<string>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
    const metadata = (value as { metadata?: unknown }).metadata;
    if (metadata && typeof metadata === 'object' && Object.values(metadata).every((v) => v instanceof Uint8Array)) {
      const text = (key: string): string | null => {
        const bytes = (metadata as Record<string, Uint8Array | undefined>)[key];
        return bytes ? Buffer.from(bytes).toString('utf8') : null;
      };
      const encoding = text('encoding');
      const keyId = text('encryption-key-id');
      if (encoding) encodings.add(encoding);
      if (keyId) keyIds.add(keyId);
      return;
    }
    for (const [key, child] of Object.entries(value)) if (key !== 'searchAttributes') visit(child);
  };
  visit(history.events);
  return { payloadEncodings: [...encodings].sort(), codecKeyIds: [...keyIds].sort() };
}

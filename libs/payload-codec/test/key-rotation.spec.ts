// A key rotation in the middle of a running workflow, through the real Temporal dev server of the test run: the
// workflow starts under the old key; a worker and a client whose rings add a newer (active) key finish it. What
// was written under the rotated-out key stays readable, new payloads use the new key, and a ring that dropped the
// old key too early cannot read the old payloads.
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type WorkflowBundle,
} from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTemporalAddress } from './support/test-temporal';
import {
  AesGcmPayloadCodec,
  CodecKeyRing,
  ENCODED_FAILURE_CONVERTER_PATH,
  ENCRYPTION_KEY_ID_METADATA,
  encryptedDataConverter,
  PayloadDecryptionError,
} from '../src';
import { createMarkedActivities } from './fixtures/marked.activities';
import { markedWorkflow, markerQuery, markerSignal } from './fixtures/marked.workflow';

const taskQueue = `payload-codec-rotation-${randomUUID()}`;
const oldKey = { id: 'k-2026-01-old', key: randomBytes(32), createdAt: new Date('2026-01-01T00:00:00Z') };
const newKey = { id: 'k-2026-06-new', key: randomBytes(32), createdAt: new Date('2026-06-01T00:00:00Z') };
const before = CodecKeyRing.create([oldKey]);
const afterRotation = CodecKeyRing.create([oldKey, newKey]);
const marker = `mk${randomBytes(8).toString('hex')}`;

let connection: Connection;
let nativeConnection: NativeConnection;
let result: string;
let history: temporal.api.history.v1.IHistory;
let workflowId: string;
let bundle: WorkflowBundle;

function workerWith(ring: CodecKeyRing): Promise<Worker> {
  return Worker.create({
    // The next worker takes over at once rather than after the default 10 s on this one's sticky queue.
    stickyQueueScheduleToStartTimeout: '200 milliseconds',
    connection: nativeConnection,
    taskQueue,
    // Prebuilt, as production workers run: the bundle carries the failure converter that encodes messages.
    workflowBundle: bundle,
    activities: createMarkedActivities(),
    dataConverter: encryptedDataConverter(ring),
  });
}

async function memoNoted(handle: WorkflowHandle<typeof markedWorkflow>): Promise<void> {
  for (;;) {
    const { memo } = await handle.describe();
    if (memo?.['note']) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  bundle = await bundleWorkflowCode({
    workflowsPath: join(__dirname, 'fixtures', 'marked.workflow.ts'),
    failureConverterPath: ENCODED_FAILURE_CONVERTER_PATH,
    logger: new DefaultLogger('WARN'),
  });
  connection = await Connection.connect({ address: testTemporalAddress() });
  nativeConnection = await NativeConnection.connect({ address: testTemporalAddress() });
  workflowId = `payload-codec-rotation-${randomUUID()}`;

  // Before the rotation: start, run the activities, upsert the memo; the workflow then waits for the signal.
  const oldClient = new Client({ connection, dataConverter: encryptedDataConverter(before) });
  const started = await oldClient.workflow.start(markedWorkflow, {
    taskQueue,
    workflowId,
    args: [{ marker, outcome: 'succeed' }],
    memo: { fromClient: `client-memo-${marker}` },
  });
  const oldWorker = await workerWith(before);
  await oldWorker.runUntil(memoNoted(started));

  // After it: the new key encrypts, the old one still decrypts.
  const newClient = new Client({ connection, dataConverter: encryptedDataConverter(afterRotation) });
  const handle = newClient.workflow.getHandle<typeof markedWorkflow>(workflowId);
  const newWorker = await workerWith(afterRotation);
  result = await newWorker.runUntil(async () => {
    await handle.signal(markerSignal, `signal-${marker}`);
    return handle.result();
  });
  history = await handle.fetchHistory();
}, 120_000);

afterAll(async () => {
  await connection?.close();
  await nativeConnection?.close();
});

/** The key id of each payload of an event, by event type. */
function keyIdsByEvent(): Map<string, string[]> {
  const EventType = temporal.api.enums.v1.EventType;
  const ids = new Map<string, string[]>();
  for (const event of history.events ?? []) {
    const payloads = [
      ...(event.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
      ...(event.workflowExecutionSignaledEventAttributes?.input?.payloads ?? []),
      ...(event.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
      ...(event.workflowExecutionCompletedEventAttributes?.result?.payloads ?? []),
    ];
    const name = EventType[event.eventType ?? 0] ?? 'unknown';
    for (const payload of payloads) {
      const keyId = Buffer.from(payload.metadata?.[ENCRYPTION_KEY_ID_METADATA] ?? []).toString();
      ids.set(name, [...(ids.get(name) ?? []), keyId]);
    }
  }
  return ids;
}

describe('a key rotation while a workflow runs', () => {
  it('finishes the workflow: the new worker reads what the old one wrote (activity results, heartbeat, memo)', () => {
    expect(result).toBe(
      `result-activity-${marker} activity-failure-${marker} resumed-heartbeat-${marker} signal-${marker}`,
    );
  });

  it('wrote the payloads before the rotation under the old key and those after it under the new one', () => {
    const ids = keyIdsByEvent();
    expect(ids.get('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED')).toEqual([oldKey.id]);
    expect(ids.get('EVENT_TYPE_ACTIVITY_TASK_COMPLETED')).toEqual([oldKey.id, oldKey.id]);
    expect(ids.get('EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED')).toEqual([newKey.id]);
    expect(ids.get('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED')).toEqual([newKey.id]);
  });

  it('keeps the rotated-out payloads readable to the new ring: the memo and the query answer', async () => {
    const client = new Client({ connection, dataConverter: encryptedDataConverter(afterRotation) });
    const handle = client.workflow.getHandle<typeof markedWorkflow>(workflowId);
    expect((await handle.describe()).memo).toEqual({ fromClient: `client-memo-${marker}`, note: `memo-${marker}` });
    const worker = await workerWith(afterRotation);
    // A query replays the whole history (old and new payloads) on a worker that holds both keys.
    expect(await worker.runUntil(handle.query(markerQuery))).toBe(`query-${marker}`);
  });

  it('cannot read them with a ring that dropped the old key, and says which key is missing', async () => {
    const withoutOld = new AesGcmPayloadCodec(CodecKeyRing.create([newKey]));
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    const failure = await withoutOld.decode(input).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PayloadDecryptionError);
    expect(failure).toMatchObject({ reason: 'unknown-key', keyId: oldKey.id });
  });
});

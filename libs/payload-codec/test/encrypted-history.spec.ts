import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTemporalAddress } from './support/test-temporal';
import { AesGcmPayloadCodec, CodecKeyRing, ENCRYPTION_KEY_ID_METADATA, encryptedDataConverter } from '../src';
import { createMarkedActivities } from './fixtures/marked.activities';
import { markedWorkflow, markerQuery, markerSignal, type MarkedInput } from './fixtures/marked.workflow';

type History = temporal.api.history.v1.IHistory;

interface Run {
  marker: string;
  /** The heartbeat details Temporal held for the retried attempt, as stored (read without the codec). */
  storedHeartbeat: temporal.api.common.v1.IPayload[];
  queryAnswer: string;
  /** The query answer as it crossed the Temporal server (a raw QueryWorkflow call, no codec). */
  rawQueryAnswer: temporal.api.common.v1.IPayload[];
  memo: Record<string, unknown> | undefined;
  outcome: { result: string } | { error: unknown };
  history: History;
}

const taskQueue = `payload-codec-${randomUUID()}`;
const ring = CodecKeyRing.create([
  { id: 'k-retired', key: randomBytes(32), createdAt: new Date('2026-01-01T00:00:00Z') },
  { id: 'k-current', key: randomBytes(32), createdAt: new Date('2026-06-01T00:00:00Z') },
]);
let connection: Connection;
let succeeded: Run;
let failed: Run;
const storedHeartbeats = new Map<string, temporal.api.common.v1.IPayload[]>();

async function runMarked(client: Client, outcome: MarkedInput['outcome']): Promise<Run> {
  const marker = `mk${randomBytes(8).toString('hex')}`;
  const handle: WorkflowHandle<typeof markedWorkflow> = await client.workflow.start(markedWorkflow, {
    taskQueue,
    workflowId: `payload-codec-${outcome}-${randomUUID()}`,
    args: [{ marker, outcome }],
    memo: { fromClient: `client-memo-${marker}` },
  });
  const queryAnswer = await handle.query(markerQuery);
  const { queryResult } = await connection.workflowService.queryWorkflow({
    namespace: 'default',
    execution: { workflowId: handle.workflowId },
    query: { queryType: 'marker' },
  });
  await handle.signal(markerSignal, `signal-${marker}`);
  const result = await handle.result().then(
    (value) => ({ result: value }),
    (error: unknown) => ({ error }),
  );
  const { memo } = await handle.describe();
  return {
    marker,
    storedHeartbeat: storedHeartbeats.get(handle.workflowId) ?? [],
    queryAnswer,
    rawQueryAnswer: queryResult?.payloads ?? [],
    memo,
    outcome: result,
    history: await handle.fetchHistory(),
  };
}

beforeAll(async () => {
  // The failing scenario fails a workflow and an activity on purpose; keep their WARN lines out of the output.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dataConverter = encryptedDataConverter(ring);
  connection = await Connection.connect({ address: testTemporalAddress() });
  const client = new Client({ connection, dataConverter });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: testTemporalAddress() }),
    taskQueue,
    workflowsPath: join(__dirname, 'fixtures', 'marked.workflow.ts'),
    activities: createMarkedActivities({
      // While the retried attempt runs, Temporal holds the first attempt's heartbeat details: read them raw.
      onHeartbeatResumed: async ({ workflowExecution }) => {
        const workflowId = workflowExecution?.workflowId ?? '';
        const { pendingActivities } = await connection.workflowService.describeWorkflowExecution({
          namespace: 'default',
          execution: { workflowId },
        });
        storedHeartbeats.set(workflowId, pendingActivities?.[0]?.heartbeatDetails?.payloads ?? []);
      },
    }),
    dataConverter,
  });
  [succeeded, failed] = await worker.runUntil(Promise.all([runMarked(client, 'succeed'), runMarked(client, 'fail')]));
});

afterAll(async () => {
  await connection?.close();
});

/** Every byte Temporal stored for the run, as protobuf, and as JSON with every bytes field shown as text. */
function storedForms(history: History): { bytes: Buffer; json: string } {
  const bytesAsText = (_key: string, value: unknown): unknown => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('latin1');
    const asBuffer = value as { type?: unknown; data?: unknown } | null;
    if (asBuffer?.type === 'Buffer' && Array.isArray(asBuffer.data)) {
      return Buffer.from(asBuffer.data as number[]).toString('latin1');
    }
    return value;
  };
  return {
    bytes: Buffer.from(temporal.api.history.v1.History.encode(history).finish()),
    json: JSON.stringify(history, bytesAsText),
  };
}

/** Every Payload in the history (anything with a metadata map of bytes), found by walking the events. */
function payloadsIn(value: unknown, found: temporal.api.common.v1.IPayload[] = []): temporal.api.common.v1.IPayload[] {
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return found;
  const record = value as Record<string, unknown>;
  const metadata = record['metadata'];
  if (metadata && typeof metadata === 'object' && Object.values(metadata).every((v) => v instanceof Uint8Array)) {
    found.push(record as temporal.api.common.v1.IPayload);
    return found;
  }
  for (const child of Object.values(record)) payloadsIn(child, found);
  return found;
}

/** The failure messages recorded in the history (activity and workflow failures). */
function failureMessages(history: History): string[] {
  return (history.events ?? []).flatMap((event) =>
    [
      event.activityTaskFailedEventAttributes?.failure,
      event.activityTaskStartedEventAttributes?.lastFailure,
      event.workflowExecutionFailedEventAttributes?.failure,
    ]
      .filter((failure): failure is temporal.api.failure.v1.IFailure => !!failure)
      .flatMap((failure) => [failure.message ?? '', failure.stackTrace ?? '', failure.cause?.message ?? '']),
  );
}

describe.each([
  ['a workflow that succeeds', () => succeeded],
  ['a workflow that fails', () => failed],
])('the history of %s, with the encrypted data converter on both sides', (_name, run) => {
  it('holds no marker in plain text anywhere, though the scan sees the task queue', () => {
    const { marker, history } = run();
    const { bytes, json } = storedForms(history);
    expect(bytes.includes(taskQueue)).toBe(true);
    expect(json).toContain(taskQueue);
    expect(bytes.includes(marker)).toBe(false);
    expect(json).not.toContain(marker);
    expect(bytes.includes('json/plain')).toBe(false);
  });

  it('stores every payload encrypted under the active key', () => {
    const payloads = payloadsIn(run().history.events);
    // input, the two activities' inputs, one activity result, the memo upsert, the signal, the memo at start, ...
    expect(payloads.length).toBeGreaterThanOrEqual(6);
    for (const payload of payloads) {
      expect(Buffer.from(payload.metadata?.['encoding'] ?? []).toString()).toBe('binary/encrypted');
      expect(Buffer.from(payload.metadata?.[ENCRYPTION_KEY_ID_METADATA] ?? []).toString()).toBe('k-current');
    }
  });

  it('records failure messages only as "Encoded failure", with no stack trace', () => {
    const messages = failureMessages(run().history).filter((message) => message !== '');
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((message) => message === 'Encoded failure')).toBe(true);
  });

  it('stores heartbeat details encrypted: the retried attempt read them in clear, Temporal holds ciphertext', () => {
    const { marker, storedHeartbeat, outcome } = run();
    expect(storedHeartbeat).toHaveLength(1);
    const [stored] = storedHeartbeat;
    expect(Buffer.from(stored?.metadata?.['encoding'] ?? []).toString()).toBe('binary/encrypted');
    expect(Buffer.from(stored?.data ?? []).includes(marker)).toBe(false);
    const clear = 'result' in outcome ? outcome.result : String((outcome.error as WorkflowFailedError).cause?.message);
    expect(clear).toContain(`resumed-heartbeat-${marker}`);
  });

  it('carried the markers inside those payloads: the codec finds each one after decrypting them', async () => {
    const { marker, history } = run();
    const decoded = await new AesGcmPayloadCodec(ring).decode(payloadsIn(history.events));
    const clear = Buffer.concat(decoded.map((payload) => Buffer.from(payload.data ?? []))).toString('utf8');
    for (const carried of [
      `client-memo-${marker}`,
      `memo-${marker}`,
      `signal-${marker}`,
      `activity-${marker}`,
      `activity-failure-${marker}`,
      `heartbeat-attempt-failure-${marker}`,
      `-activity-${marker} activity-failure-${marker} resumed-heartbeat-${marker} signal-${marker}`,
    ]) {
      expect(clear).toContain(carried);
    }
  });

  it('sends the query answer through Temporal encrypted', () => {
    const { marker, rawQueryAnswer } = run();
    expect(rawQueryAnswer).toHaveLength(1);
    expect(Buffer.from(rawQueryAnswer[0]?.metadata?.['encoding'] ?? []).toString()).toBe('binary/encrypted');
    expect(Buffer.from(rawQueryAnswer[0]?.data ?? []).includes(marker)).toBe(false);
  });

  it('gives the client the query answer and the memo in clear', () => {
    const { marker, queryAnswer, memo } = run();
    expect(queryAnswer).toBe(`query-${marker}`);
    expect(memo).toEqual({ fromClient: `client-memo-${marker}`, note: `memo-${marker}` });
  });
});

describe('through the codec, the client reads', () => {
  it('the result of the workflow that succeeded, built from the activity result, its failure and the signal', () => {
    const { marker, outcome } = succeeded;
    expect(outcome).toEqual({
      result: `result-activity-${marker} activity-failure-${marker} resumed-heartbeat-${marker} signal-${marker}`,
    });
  });

  it('the failure message of the workflow that failed', () => {
    const { marker, outcome } = failed;
    expect('error' in outcome).toBe(true);
    const error = (outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause?.message).toBe(
      `workflow-failure-activity-${marker} activity-failure-${marker} resumed-heartbeat-${marker} signal-${marker}`,
    );
    expect((cause as ApplicationFailure).type).toBe('MarkedFailure');
    expect(cause?.stack).toContain('marked.workflow');
  });
});

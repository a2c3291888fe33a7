// Replays histories saved from real runs (workflows/test/histories) through today's workflow code, so that
// a change that is not deterministic for exports already running fails here. The histories are encrypted as
// production ones are (the tests' fixed codec key, libs/testing); those in histories/plain/ were recorded
// before payload encryption, as exports started before that upgrade are. Regenerate the encrypted ones with
// UPDATE_HISTORY_FIXTURES=1 npx vitest run --project worker
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_CODEC_KEY_ID, testDataConverter } from '@crs-export/testing';

const repoRoot = join(__dirname, '..', '..');
const historiesDir = join(__dirname, 'histories');
const workflowsPath = join(__dirname, '..', 'src', 'workflows.ts');
const SCENARIOS = [
  'succeeded.json',
  'task-failed.json',
  'timed-out.json',
  'cancelled-by-signal.json',
  'cancelled-by-temporal.json',
  'lost-export-answer.json',
];

interface HistoryFixture {
  workflowId: string;
  eventTypes: string[];
  historyProtoBase64: string;
}

type History = temporal.api.history.v1.IHistory;

/** `@crs-export/*` → source files, as tsconfig.base.json maps them (webpack does not read tsconfig paths). */
function workspaceAliases(): Record<string, string> {
  const base = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return Object.fromEntries(
    Object.entries(base.compilerOptions.paths).map(([alias, [target]]) => [`${alias}$`, join(repoRoot, target ?? '')]),
  );
}

/** Every fixture under histories/, by its path there (`succeeded.json`, `plain/succeeded.json`). */
function loadFixtures(dir = historiesDir): Array<{ name: string; fixture: HistoryFixture; history: History }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return loadFixtures(path);
    if (!entry.name.endsWith('.json')) return [];
    const fixture = JSON.parse(readFileSync(path, 'utf8')) as HistoryFixture;
    const history = temporal.api.history.v1.History.decode(Buffer.from(fixture.historyProtoBase64, 'base64'));
    return [{ name: relative(historiesDir, path), fixture, history }];
  });
}

type Payload = temporal.api.common.v1.IPayload;

/**
 * Every Payload of a history (anything with a metadata map of bytes), apart from search attributes, which
 * Temporal must read (they stay json/plain and hold no secret); those are collected by name.
 */
function payloadsIn(
  value: unknown,
  found: { payloads: Payload[]; searchAttributes: Map<string, Payload[]> } = {
    payloads: [],
    searchAttributes: new Map(),
  },
): { payloads: Payload[]; searchAttributes: Map<string, Payload[]> } {
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return found;
  const metadata = (value as { metadata?: unknown }).metadata;
  if (metadata && typeof metadata === 'object' && Object.values(metadata).every((v) => v instanceof Uint8Array)) {
    found.payloads.push(value as Payload);
    return found;
  }
  for (const [key, child] of Object.entries(value)) {
    if (key !== 'searchAttributes') payloadsIn(child, found);
    else {
      const fields = (child as temporal.api.common.v1.ISearchAttributes | null)?.indexedFields ?? {};
      for (const [name, payload] of Object.entries(fields)) {
        found.searchAttributes.set(name, [...(found.searchAttributes.get(name) ?? []), payload]);
      }
    }
  }
  return found;
}

/** The failures recorded in a history (activity and workflow failures, the last failure of a retried attempt). */
function failuresIn(history: History): temporal.api.failure.v1.IFailure[] {
  return (history.events ?? []).flatMap((event) =>
    [
      event.activityTaskFailedEventAttributes?.failure,
      event.activityTaskTimedOutEventAttributes?.failure,
      event.activityTaskStartedEventAttributes?.lastFailure,
      event.workflowExecutionFailedEventAttributes?.failure,
    ].filter((failure): failure is temporal.api.failure.v1.IFailure => !!failure),
  );
}

const text = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? []).toString('utf8');

let dataConverter: DataConverter;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  } catch {
    // Installed already in this process.
  }
  dataConverter = await testDataConverter();
});

describe('replaying saved export histories', () => {
  const fixtures = loadFixtures();
  const encrypted = fixtures.filter(({ name }) => !name.startsWith('plain/'));

  it('has fixtures for success, failures, the deadline, cancellation and a lost answer', () => {
    expect(encrypted.map(({ name }) => name)).toEqual(expect.arrayContaining(SCENARIOS));
  });

  it('still has those histories as recorded before payload encryption, in plain/', () => {
    expect(fixtures.map(({ name }) => name)).toEqual(expect.arrayContaining(SCENARIOS.map((name) => `plain/${name}`)));
  });

  it('holds every payload of the saved histories encrypted under the test key, and failures only as "Encoded failure"', () => {
    for (const { name, history } of encrypted) {
      const { payloads } = payloadsIn(history.events);
      expect(payloads.length, name).toBeGreaterThan(0);
      for (const payload of payloads) {
        expect(text(payload.metadata?.['encoding']), name).toBe('binary/encrypted');
        expect(text(payload.metadata?.['encryption-key-id']), name).toBe(TEST_CODEC_KEY_ID);
      }
      for (const failure of failuresIn(history)) {
        // Temporal writes timeouts itself ("activity ScheduleToClose timeout"): no payload of ours is in them.
        if (failure.timeoutFailureInfo) continue;
        expect(failure.message, name).toBe('Encoded failure');
        expect(failure.stackTrace ?? '', name).toBe('');
      }
    }
    // task-failed and timed-out end in a failure of the workflow's own: the check above saw some.
    const ours = encrypted.flatMap(({ history }) => failuresIn(history)).filter((f) => !f.timeoutFailureInfo);
    expect(ours.length).toBeGreaterThan(0);
  });

  it('keeps only the search attributes readable: RedisId, BackupId and ExportState, in json/plain', () => {
    for (const { name, history } of encrypted) {
      const { searchAttributes } = payloadsIn(history.events);
      expect([...searchAttributes.keys()].sort(), name).toEqual(['BackupId', 'ExportState', 'RedisId']);
      for (const payload of [...searchAttributes.values()].flat()) {
        expect(text(payload.metadata?.['encoding']), name).toBe('json/plain');
      }
    }
  });

  it('replays every history, encrypted and plain, without a nondeterminism error', { timeout: 120_000 }, async () => {
    const aliases = workspaceAliases();
    const results = [];
    for await (const result of Worker.runReplayHistories(
      {
        workflowsPath,
        dataConverter,
        bundlerOptions: {
          webpackConfigHook: (config) => ({
            ...config,
            resolve: { ...config.resolve, alias: { ...config.resolve?.alias, ...aliases } },
          }),
        },
      },
      fixtures.map(({ fixture, history }) => ({ workflowId: fixture.workflowId, history })),
    )) {
      results.push({ workflowId: result.workflowId, error: result.error?.message ?? null });
    }
    expect(results).toHaveLength(fixtures.length);
    expect(results.filter((result) => result.error !== null)).toEqual([]);
  });
});

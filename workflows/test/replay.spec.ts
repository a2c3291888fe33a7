// Replays histories saved from real runs through today's workflow code, every version of them
// (workflows/test/histories/<version>/, never overwritten; src/history-version.ts), so that a change that is
// not deterministic for executions already running, started on any earlier build, fails here. The histories
// are encrypted as production ones are (the tests' fixed codec key, libs/testing), but v1-plain's, recorded
// before payload encryption. Record the current version's with UPDATE_HISTORY_FIXTURES=1 npx vitest run --project worker
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_SEARCH_ATTRIBUTES } from '@crs-export/contracts';
import { TEST_CODEC_KEY_ID, testDataConverter } from '@crs-export/testing';
import { WORKFLOW_HISTORY_VERSION } from '../src/history-version';

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
/** What the current version adds: archives, notifications, batches. */
const CURRENT_SCENARIOS = [
  ...SCENARIOS,
  'archived-3-shards.json',
  'archive-check-failed.json',
  'already-archived.json',
  'notified.json',
  'notification-delivered.json',
  'batch-by-tags.json',
];
const PLAIN_VERSION = 'v1-plain';

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

/** Every fixture under histories/, by its path there (`v2-encrypted/succeeded.json`). */
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

describe('replaying saved histories', () => {
  const fixtures = loadFixtures();
  const versionOf = (name: string): string => name.split('/')[0] ?? '';
  const versions = [...new Set(fixtures.map(({ name }) => versionOf(name)))].sort();
  const encrypted = fixtures.filter(({ name }) => versionOf(name) !== PLAIN_VERSION);
  const names = (version: string): string[] =>
    fixtures.filter(({ name }) => versionOf(name) === version).map(({ name }) => name.slice(version.length + 1));

  it('keeps every version: success, failures, the deadline, cancellation and a lost answer in each', () => {
    expect(versions).toEqual(expect.arrayContaining([PLAIN_VERSION, 'v2-encrypted', WORKFLOW_HISTORY_VERSION]));
    for (const version of versions) expect(names(version), version).toEqual(expect.arrayContaining(SCENARIOS));
  });

  it('has the current version recorded: archives, notifications and batches too', () => {
    expect(names(WORKFLOW_HISTORY_VERSION)).toEqual(expect.arrayContaining(CURRENT_SCENARIOS));
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

  it('keeps only the search attributes readable, our registered ones, in json/plain', () => {
    const registered = EXPORT_SEARCH_ATTRIBUTES.map((attribute) => attribute.name);
    for (const { name, history } of encrypted) {
      const { searchAttributes } = payloadsIn(history.events);
      for (const attribute of searchAttributes.keys()) expect(registered, name).toContain(attribute);
      for (const payload of [...searchAttributes.values()].flat()) {
        expect(text(payload.metadata?.['encoding']), name).toBe('json/plain');
      }
    }
  });

  it('replays every history of every version without a nondeterminism error', { timeout: 120_000 }, async () => {
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

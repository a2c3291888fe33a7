// Replays histories saved from real runs (workflows/test/histories) through today's workflow code, so that
// a change that is not deterministic for exports already running fails here. Regenerate the fixtures with
// UPDATE_HISTORY_FIXTURES=1 npx vitest run --project worker
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = join(__dirname, '..', '..');
const historiesDir = join(__dirname, 'histories');
const workflowsPath = join(__dirname, '..', 'src', 'workflows.ts');

interface HistoryFixture {
  workflowId: string;
  eventTypes: string[];
  historyProtoBase64: string;
}

/** `@crs-export/*` → source files, as tsconfig.base.json maps them (webpack does not read tsconfig paths). */
function workspaceAliases(): Record<string, string> {
  const base = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return Object.fromEntries(
    Object.entries(base.compilerOptions.paths).map(([alias, [target]]) => [`${alias}$`, join(repoRoot, target ?? '')]),
  );
}

function loadFixtures(): Array<{ name: string; fixture: HistoryFixture }> {
  return readdirSync(historiesDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({
      name: file,
      fixture: JSON.parse(readFileSync(join(historiesDir, file), 'utf8')) as HistoryFixture,
    }));
}

beforeAll(() => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  } catch {
    // Installed already in this process.
  }
});

describe('replaying saved export histories', () => {
  const fixtures = loadFixtures();

  it('has fixtures for success, failures, the deadline, cancellation and a lost answer', () => {
    expect(fixtures.map(({ name }) => name)).toEqual(
      expect.arrayContaining([
        'succeeded.json',
        'task-failed.json',
        'timed-out.json',
        'cancelled-by-signal.json',
        'cancelled-by-temporal.json',
        'lost-export-answer.json',
      ]),
    );
  });

  it('replays every history without a nondeterminism error', { timeout: 120_000 }, async () => {
    const aliases = workspaceAliases();
    const histories = fixtures.map(({ fixture }) => ({
      workflowId: fixture.workflowId,
      history: temporal.api.history.v1.History.decode(Buffer.from(fixture.historyProtoBase64, 'base64')),
    }));
    const results = [];
    for await (const result of Worker.runReplayHistories(
      {
        workflowsPath,
        bundlerOptions: {
          webpackConfigHook: (config) => ({
            ...config,
            resolve: { ...config.resolve, alias: { ...config.resolve?.alias, ...aliases } },
          }),
        },
      },
      histories,
    )) {
      results.push({ workflowId: result.workflowId, error: result.error?.message ?? null });
    }
    expect(results).toHaveLength(fixtures.length);
    expect(results.filter((result) => result.error !== null)).toEqual([]);
  });
});

// Benchmark 1: POST /exports through the API against a raw workflow.start, each side in a process of its own
// behind the same kind of boundary (HTTP + JSON), driven by a load generator in a third process, on the same
// Temporal server, in alternating halves, at rising concurrency; no worker runs, so only the start path is
// measured. Then a CPU profile of the API at concurrency 1 (api-profile.ts).
import { profileApi, type ApiProfileResult } from './api-profile';
import type { BenchStack } from './bench-stack';
import { spawnBenchChild } from './child-process';
import type { StartLoadPlan, StartLoadResult, StartSideResult } from './start-load-plan';

export interface StartThroughputOptions {
  rootDir: string;
  bench: BenchStack;
  concurrencyLevels: number[];
  /** Time per side and level, split into two halves run A-B-B-A so that drift hits both sides alike. */
  measureMs: number;
  warmupMs: number;
  /** Hard bound on requests per half. */
  maxRequestsPerHalf: number;
  /** rawProfile: where the stack's API writes its profile (it runs with profilableApiEnv). */
  profile: { warmupMs: number; measureMs: number; artifactPath: string; rawProfile: string };
  log: (line: string) => void;
}

export interface StartLevelResult {
  concurrency: number;
  api: StartSideResult;
  raw: StartSideResult;
  /** API requests/s over raw requests/s. */
  throughputRatio: number;
  /** API latency over raw latency at p50 and p99. */
  p50LatencyRatio: number;
  p99LatencyRatio: number;
}

export interface StartThroughputResult {
  processes: string;
  levels: StartLevelResult[];
  /** null when the profile could not be made (the error says why). */
  profile: ApiProfileResult | null;
  profileError: string | null;
}

const ratio = (a: number, b: number): number => Number((a / b).toFixed(2));

export async function runStartThroughput(options: StartThroughputOptions): Promise<StartThroughputResult> {
  const { bench, rootDir, log } = options;
  const raw = spawnBenchChild({
    rootDir,
    name: 'raw',
    entry: 'bench/src/raw-start-server.ts',
    args: [
      JSON.stringify({
        address: bench.stack.urls.temporalAddress,
        namespace: bench.stack.namespace,
        taskQueue: bench.stack.taskQueue,
        // The same keys as the API, so that both sides pay for the encryption.
        codecKeysFile: bench.stack.codec.keys.file,
      }),
    ],
    log,
  });
  let loadResult: StartLoadResult;
  try {
    const { url: rawUrl } = await raw.nextJson<{ url: string }>(60_000);
    const plan: StartLoadPlan = {
      mode: 'levels',
      targets: {
        api: { url: bench.stack.urls.api, headers: { authorization: `Bearer ${bench.apiKey}` }, code: 'sa' },
        raw: { url: rawUrl, headers: {}, code: 'sr' },
      },
      levels: options.concurrencyLevels,
      halfMs: options.measureMs / 2,
      warmupMs: options.warmupMs,
      maxRequestsPerHalf: options.maxRequestsPerHalf,
    };
    const load = spawnBenchChild({
      rootDir,
      name: 'load',
      entry: 'bench/src/start-load.ts',
      args: [JSON.stringify(plan)],
      log,
    });
    const budgetMs = options.concurrencyLevels.length * options.measureMs * 2 + options.warmupMs * 2 + 300_000;
    loadResult = await load.nextJson<StartLoadResult>(budgetMs);
    await load.stop();
  } finally {
    await raw.stop();
  }
  const levels = loadResult.levels.map((level): StartLevelResult => ({
    ...level,
    throughputRatio: ratio(level.api.requestsPerSecond, level.raw.requestsPerSecond),
    p50LatencyRatio: ratio(level.api.latencyMs.p50, level.raw.latencyMs.p50),
    p99LatencyRatio: ratio(level.api.latencyMs.p99, level.raw.latencyMs.p99),
  }));
  for (const level of levels)
    log(
      `start c=${level.concurrency}: throughput API/raw ${level.throughputRatio}, p50 ${level.p50LatencyRatio}, p99 ${level.p99LatencyRatio}` +
        (level.api.errors + level.raw.errors > 0
          ? `; errors api ${level.api.errors} raw ${level.raw.errors}: ${[...level.api.errorSamples, ...level.raw.errorSamples][0]}`
          : ''),
    );
  let profile: ApiProfileResult | null = null;
  let profileError: string | null = null;
  try {
    profile = await profileApi({
      rootDir,
      bench,
      rawProfile: options.profile.rawProfile,
      artifactPath: options.profile.artifactPath,
      warmupMs: options.profile.warmupMs,
      measureMs: options.profile.measureMs,
      log,
    });
  } catch (error) {
    profileError = error instanceof Error ? error.message : String(error);
    log(`API profile failed: ${profileError}`);
  }
  return {
    processes:
      'load generator, API and raw server each in a process of their own (the raw server: node:http + workflow.start ' +
      'with the API client options); one Temporal dev server; no worker (the started workflows stay queued)',
    levels,
    profile,
    profileError,
  };
}

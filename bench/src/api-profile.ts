// A CPU profile of the API at concurrency 1: the stack's API process carries cpu-profile-on-signal.cjs (see
// there); SIGWINCH starts V8's sampling profiler, the load generator runs a window at concurrency 1, a second
// SIGWINCH writes the profile. It is cut to the window, kept as an artifact, and summarized.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchStack } from './bench-stack';
import { spawnBenchChild } from './child-process';
import { summarizeProfile, trimProfile, type CpuProfile, type CpuProfileSummary } from './cpu-profile';
import type { StartLoadPlan, StartLoadResult, StartSideResult } from './start-load-plan';

/** The environment that makes the stack's API profilable on signal, writing to `file`. */
export function profilableApiEnv(rootDir: string, file: string): NodeJS.ProcessEnv {
  return {
    NODE_OPTIONS: `--require ${join(rootDir, 'bench', 'src', 'cpu-profile-on-signal.cjs')}`,
    BENCH_CPU_PROFILE_FILE: file,
  };
}

export interface ApiProfileOptions {
  rootDir: string;
  bench: BenchStack;
  /** The file the API writes (profilableApiEnv's). */
  rawProfile: string;
  /** Where the window's profile is written (an artifact kept with the results). */
  artifactPath: string;
  warmupMs: number;
  measureMs: number;
  log: (line: string) => void;
}

export interface ApiProfileResult {
  /** Path of the artifact, relative to the repository root. */
  artifact: string;
  load: StartSideResult;
  summary: CpuProfileSummary;
}

async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the API wrote no profile to ${file} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export async function profileApi(options: ApiProfileOptions): Promise<ApiProfileResult> {
  const { bench, rootDir } = options;
  const pid = bench.stack.pid('api');
  if (pid === null) throw new Error('the API is not running');
  const plan: StartLoadPlan = {
    mode: 'window',
    targets: { api: { url: bench.stack.urls.api, headers: { authorization: `Bearer ${bench.apiKey}` }, code: 'sp' } },
    levels: [1],
    halfMs: options.measureMs,
    warmupMs: options.warmupMs,
    maxRequestsPerHalf: 1_000_000,
    profileSignalPid: pid,
  };
  const load = spawnBenchChild({
    rootDir,
    name: 'load',
    entry: 'bench/src/start-load.ts',
    args: [JSON.stringify(plan)],
    log: options.log,
  });
  const result = await load.nextJson<StartLoadResult>(options.warmupMs + options.measureMs + 120_000);
  await load.stop();
  const window = result.window;
  if (!window) throw new Error('the load generator reported no window');
  await waitForFile(options.rawProfile, 30_000);
  const profile = JSON.parse(readFileSync(options.rawProfile, 'utf8')) as CpuProfile;
  const trimmed = trimProfile(profile, window.startUs, window.endUs);
  writeFileSync(options.artifactPath, JSON.stringify(trimmed));
  const summary = summarizeProfile(trimmed, { rootDir, appPrefix: 'apps/api/src/' });
  options.log(
    `API profile at concurrency 1: ${window.side.requests} requests, ${summary.busyMs} ms busy of ${summary.windowMs} ms; ` +
      `top self: ${summary.topSelfFunctions
        .slice(0, 3)
        .map((entry) => `${entry.name} ${entry.percent}%`)
        .join(', ')}`,
  );
  return {
    artifact: options.artifactPath.startsWith(`${rootDir}/`)
      ? options.artifactPath.slice(rootDir.length + 1)
      : options.artifactPath,
    load: window.side,
    summary,
  };
}

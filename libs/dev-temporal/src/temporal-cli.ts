// Finds or builds the Temporal CLI (which holds the dev server): PATH, then the cached Go build, then none.
import { spawnSync } from 'node:child_process';
import {
  cachedGoBinaryDir,
  findOnPath,
  findOrBuildGoBinaries,
  type CachedGoBinarySpec,
} from '@crs-export/process-supervisor';

/** Pinned: every later CLI release has a go.mod `replace` that breaks `go install`. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

export const TEMPORAL_CLI_BUILD: CachedGoBinarySpec = {
  title: 'the Temporal CLI',
  name: 'temporal-cli',
  version: TEMPORAL_CLI_VERSION,
  recipe: { kind: 'install', packages: [{ path: 'github.com/temporalio/cli/cmd/temporal', binary: 'temporal' }] },
};

export type TemporalCliSource = 'path' | 'cache' | 'built';

export interface TemporalCli {
  path: string;
  source: TemporalCliSource;
}

/** Where the built CLI is cached: outside any checkout, so every clone on this machine reuses it. */
export function temporalCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return cachedGoBinaryDir(TEMPORAL_CLI_BUILD, env);
}

/**
 * The Temporal CLI to run, building it with `go install` into the cache when neither PATH nor the cache
 * has one. Returns null when there is no Go toolchain either (callers then use the SDK's own download).
 */
export async function findOrBuildTemporalCli(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  env: NodeJS.ProcessEnv = process.env,
): Promise<TemporalCli | null> {
  const fromPath = findOnPath('temporal', env);
  if (fromPath) return { path: fromPath, source: 'path' };
  const binaries = await findOrBuildGoBinaries(TEMPORAL_CLI_BUILD, log, env);
  const path = binaries?.paths['temporal'];
  return binaries && path ? { path, source: binaries.source } : null;
}

export function temporalCliVersion(cliPath: string): string {
  return spawnSync(cliPath, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

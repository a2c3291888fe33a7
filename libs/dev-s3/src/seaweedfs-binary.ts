// Finds or builds the SeaweedFS `weed` binary (the S3 server): PATH, then the cached Go build, then none.
import { spawnSync } from 'node:child_process';
import {
  cachedGoBinaryDir,
  findOnPath,
  findOrBuildGoBinaries,
  type CachedGoBinarySpec,
} from '@crs-export/process-supervisor';

/** Pinned to the one version the Go module proxy serves here (a pseudo-version: SeaweedFS tags are not semver). */
export const SEAWEEDFS_VERSION = 'v0.0.0-20261109003541-7506e5f91cd6';

export const SEAWEEDFS_BUILD: CachedGoBinarySpec = {
  title: 'SeaweedFS',
  name: 'seaweedfs',
  version: SEAWEEDFS_VERSION,
  // Its go.mod has a `replace`, which `go install` refuses.
  recipe: {
    kind: 'download-and-build',
    module: 'github.com/seaweedfs/seaweedfs',
    packages: [{ path: './weed', binary: 'weed' }],
  },
};

export type SeaweedfsSource = 'path' | 'cache' | 'built';

export interface SeaweedfsBinary {
  path: string;
  source: SeaweedfsSource;
}

/** Where the built `weed` is cached: outside any checkout, so every clone on this machine reuses it. */
export function seaweedfsCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return cachedGoBinaryDir(SEAWEEDFS_BUILD, env);
}

/**
 * The `weed` binary to run, building it into the cache when neither PATH nor the cache has one (about
 * 8 minutes on 2 cores, once per machine). Returns null when there is no Go toolchain either.
 */
export async function findOrBuildSeaweedfs(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  env: NodeJS.ProcessEnv = process.env,
): Promise<SeaweedfsBinary | null> {
  const fromPath = findOnPath('weed', env);
  if (fromPath) return { path: fromPath, source: 'path' };
  const binaries = await findOrBuildGoBinaries(SEAWEEDFS_BUILD, log, env);
  const path = binaries?.paths['weed'];
  return binaries && path ? { path, source: binaries.source } : null;
}

/** `weed version`'s first line, e.g. "version 30GB 3.99 ... linux amd64". */
export function seaweedfsVersion(weedPath: string): string {
  return spawnSync(weedPath, ['version'], { encoding: 'utf8' }).stdout.trim().split('\n')[0] ?? '';
}

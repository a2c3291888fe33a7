// Finds or builds the Temporal CLI (which holds the dev server): PATH, then a cached Go build, then none.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Pinned: every later CLI release has a go.mod `replace` that breaks `go install`. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export type TemporalCliSource = 'path' | 'cache' | 'built';

export interface TemporalCli {
  path: string;
  source: TemporalCliSource;
}

/** Where the built CLI is cached: outside any checkout, so every clone on this machine reuses it. */
export function temporalCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['CRS_EXPORT_CACHE_DIR'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'crs-export');
  return join(base, 'temporal-cli', TEMPORAL_CLI_VERSION);
}

function isExecutable(file: string): boolean {
  try {
    return statSync(file).isFile() && (statSync(file).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/**
 * The Temporal CLI to run, building it with `go install` into the cache when neither PATH nor the cache
 * has one. Returns null when there is no Go toolchain either (callers then use the SDK's own download).
 */
export async function findOrBuildTemporalCli(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  env: NodeJS.ProcessEnv = process.env,
): Promise<TemporalCli | null> {
  const fromPath = onPath('temporal', env);
  if (fromPath) return { path: fromPath, source: 'path' };
  const cacheDir = temporalCacheDir(env);
  const cached = join(cacheDir, 'temporal');
  if (isExecutable(cached)) return { path: cached, source: 'cache' };
  const go = onPath('go', env);
  if (!go) return null;
  await withBuildLock(cacheDir, async () => {
    if (isExecutable(cached)) return;
    await goInstall(go, cacheDir, log, env);
  });
  return { path: cached, source: 'built' };
}

async function withBuildLock(cacheDir: string, build: () => Promise<void>): Promise<void> {
  mkdirSync(cacheDir, { recursive: true });
  const lock = join(cacheDir, '.build.lock');
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another process is building; a lock older than 30 minutes is left over from a crash.
      if (Date.now() - statSync(lock).mtimeMs > 30 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the Temporal CLI build lock ${lock}`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
  try {
    await build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function goInstall(
  go: string,
  cacheDir: string,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const staging = join(cacheDir, `.staging-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  const started = Date.now();
  log(
    `[temporal] building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (once per machine; several minutes on 2 cores)`,
  );
  const child = spawn(go, ['install', '-v', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
    env: { ...env, CGO_ENABLED: '0', GOBIN: staging, GOFLAGS: '-mod=mod' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let packages = 0;
  let tail = '';
  const progress = setInterval(() => {
    log(`[temporal] ... ${Math.round((Date.now() - started) / 1000)} s, ${packages} packages compiled`);
  }, 15_000);
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-4_000);
    packages += text.split('\n').filter((line) => line && !line.startsWith('go: ')).length;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(progress);
  if (code !== 0 || !existsSync(join(staging, 'temporal'))) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`go install ${MODULE}@${TEMPORAL_CLI_VERSION} failed (exit ${code}):\n${tail}`);
  }
  renameSync(join(staging, 'temporal'), join(cacheDir, 'temporal'));
  rmSync(staging, { recursive: true, force: true });
  log(`[temporal] built in ${Math.round((Date.now() - started) / 1000)} s: ${join(cacheDir, 'temporal')}`);
}

export function temporalCliVersion(cliPath: string): string {
  return spawnSync(cliPath, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

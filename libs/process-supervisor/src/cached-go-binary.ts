// Builds Go programs once per machine through the Go module proxy and caches them outside every checkout:
// the Temporal CLI, the Temporal server and the S3 server all come from here.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** How a program is built from the module proxy. */
export type GoBuildRecipe =
  /** `go install <package>@<version>` for each package; works for modules without a go.mod `replace`. */
  | { kind: 'install'; packages: readonly { path: string; binary: string }[] }
  /**
   * For modules whose go.mod has a `replace` (which `go install` refuses): `go mod download` of the module,
   * then `go build` of the package inside a writable copy of the module's source.
   */
  | { kind: 'download-and-build'; module: string; packages: readonly { path: string; binary: string }[] };

export interface CachedGoBinarySpec {
  /** What is built, for messages: "the Temporal CLI". */
  title: string;
  /** Cache folder name: `<cache>/<name>/<version>/`. */
  name: string;
  version: string;
  recipe: GoBuildRecipe;
  /** Extra build flags (e.g. `-tags`); CGO is off unless cgo is true. */
  buildFlags?: readonly string[];
  cgo?: boolean;
}

export interface CachedGoBinaries {
  /** Binary name → absolute path. */
  paths: Record<string, string>;
  source: 'cache' | 'built';
  dir: string;
}

export class GoBuildError extends Error {
  constructor(
    readonly title: string,
    message: string,
  ) {
    super(message);
    this.name = 'GoBuildError';
  }
}

/** The machine-wide cache of crs-export's tools: `CRS_EXPORT_CACHE_DIR`, else `$XDG_CACHE_HOME` or `~/.cache`. */
export function toolCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env['CRS_EXPORT_CACHE_DIR'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'crs-export');
}

export function cachedGoBinaryDir(spec: Pick<CachedGoBinarySpec, 'name' | 'version'>, env = process.env): string {
  return join(toolCacheRoot(env), spec.name, spec.version);
}

export function isExecutable(file: string): boolean {
  try {
    return statSync(file).isFile() && (statSync(file).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** The first executable of that name on PATH, or null. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** The cached binaries, or null when any is missing. */
export function findCachedGoBinaries(spec: CachedGoBinarySpec, env = process.env): CachedGoBinaries | null {
  const dir = cachedGoBinaryDir(spec, env);
  const paths = binaryPaths(spec, dir);
  return Object.values(paths).every(isExecutable) ? { paths, source: 'cache', dir } : null;
}

/**
 * The cached binaries, built first when missing (once per machine; a lock keeps concurrent builds from
 * racing, and progress is logged every 15 s). Null when there is no Go toolchain to build with.
 */
export async function findOrBuildGoBinaries(
  spec: CachedGoBinarySpec,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  env: NodeJS.ProcessEnv = process.env,
): Promise<CachedGoBinaries | null> {
  const cached = findCachedGoBinaries(spec, env);
  if (cached) return cached;
  const go = findOnPath('go', env);
  if (!go) return null;
  const dir = cachedGoBinaryDir(spec, env);
  let built = false;
  await withBuildLock(dir, async () => {
    if (findCachedGoBinaries(spec, env)) return;
    await build(go, spec, dir, log, env);
    built = true;
  });
  return { paths: binaryPaths(spec, dir), source: built ? 'built' : 'cache', dir };
}

function binaryPaths(spec: CachedGoBinarySpec, dir: string): Record<string, string> {
  return Object.fromEntries(spec.recipe.packages.map(({ binary }) => [binary, join(dir, binary)]));
}

const LOCK_STALE_MS = 45 * 60_000;

async function withBuildLock(dir: string, work: () => Promise<void>): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.build.lock');
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another process is building; a lock older than the stale bound was left by a crash.
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      } catch {
        // It went away between the mkdir and the stat: try again.
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
  try {
    await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function build(
  go: string,
  spec: CachedGoBinarySpec,
  dir: string,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const staging = mkdtempSync(join(dir, '.staging-'));
  const started = Date.now();
  const goEnv = { ...env, CGO_ENABLED: spec.cgo ? '1' : '0', GOBIN: staging, GOFLAGS: '-mod=mod' };
  log(`[${spec.name}] building ${spec.title} ${spec.version} with Go (once per machine; minutes on 2 cores)`);
  try {
    switch (spec.recipe.kind) {
      case 'install':
        for (const pkg of spec.recipe.packages) {
          await runGo(go, ['install', '-v', ...(spec.buildFlags ?? []), `${pkg.path}@${spec.version}`], {
            env: goEnv,
            spec,
            started,
            log,
          });
          // `go install` names the binary after the package directory (`cmd/server` gives `server`).
          const installed = installedBinaryName(pkg.path);
          if (installed !== pkg.binary && existsSync(join(staging, installed))) {
            renameSync(join(staging, installed), join(staging, pkg.binary));
          }
        }
        break;
      case 'download-and-build': {
        const source = await downloadModule(go, spec.recipe.module, spec, goEnv, started, log);
        const work = join(staging, 'src');
        // The module cache is read-only; build inside a copy so go can write go.sum and build files.
        cpSync(source, work, { recursive: true });
        rmSync(join(work, 'vendor'), { recursive: true, force: true });
        for (const pkg of spec.recipe.packages) {
          await runGo(go, ['build', '-v', ...(spec.buildFlags ?? []), '-o', join(staging, pkg.binary), pkg.path], {
            env: { ...goEnv, GOFLAGS: '-mod=mod' },
            cwd: work,
            spec,
            started,
            log,
          });
        }
        break;
      }
    }
    for (const { binary } of spec.recipe.packages) {
      if (!existsSync(join(staging, binary))) throw new GoBuildError(spec.title, `the build produced no ${binary}`);
      renameSync(join(staging, binary), join(dir, binary));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  log(`[${spec.name}] built in ${Math.round((Date.now() - started) / 1000)} s: ${dir}`);
}

/** The file `go install` writes for a package: its last path element, skipping a major-version suffix (`/v2`). */
function installedBinaryName(packagePath: string): string {
  const elements = packagePath.split('/').filter(Boolean);
  const last = elements.at(-1) ?? packagePath;
  return /^v\d+$/.test(last) && elements.length > 1 ? (elements.at(-2) ?? last) : last;
}

async function downloadModule(
  go: string,
  module: string,
  spec: CachedGoBinarySpec,
  env: NodeJS.ProcessEnv,
  started: number,
  log: (line: string) => void,
): Promise<string> {
  const output = await runGo(go, ['mod', 'download', '-json', `${module}@${spec.version}`], {
    env: { ...env, GOFLAGS: '' },
    spec,
    started,
    log,
    captureStdout: true,
  });
  const parsed = JSON.parse(output) as { Dir?: string; Error?: string };
  if (!parsed.Dir) throw new GoBuildError(spec.title, `go mod download ${module}: ${parsed.Error ?? 'no Dir'}`);
  return parsed.Dir;
}

interface RunGoOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  spec: CachedGoBinarySpec;
  started: number;
  log: (line: string) => void;
  captureStdout?: boolean;
}

async function runGo(go: string, args: string[], options: RunGoOptions): Promise<string> {
  const child = spawn(go, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let packages = 0;
  let tail = '';
  let stdout = '';
  const progress = setInterval(() => {
    const seconds = Math.round((Date.now() - options.started) / 1000);
    options.log(`[${options.spec.name}] ... ${seconds} s, ${packages} packages compiled`);
  }, 15_000);
  child.stdout.on('data', (chunk: Buffer) => {
    if (options.captureStdout) stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-4_000);
    packages += text.split('\n').filter((line) => line && !line.startsWith('go: ')).length;
  });
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(127));
    child.once('close', resolve);
  });
  clearInterval(progress);
  if (code !== 0) {
    throw new GoBuildError(options.spec.title, `go ${args.join(' ')} failed (exit ${code}):\n${tail}`);
  }
  return stdout;
}

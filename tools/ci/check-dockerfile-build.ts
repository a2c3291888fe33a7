// Runs a Dockerfile's stages as a script, for tools/ci/check-dockerfile.ts: each stage is a directory standing
// for its root file system; FROM a stage starts from a hard-linked copy of it, FROM an image from an empty
// one (the host's Node plays the image's); COPY copies from the context or another stage; RUN runs in the
// WORKDIR with the stage's ENV; cache mounts of npm's cache use the host's. What each RUN changed is cached
// by the step's key (tools/ci/check-dockerfile-layers.ts).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  unlinkSync,
  copyFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, posix } from 'node:path';
import type { Dockerfile, Stage, Step } from './check-dockerfile-parse';
import { diffOf, hardLinkCopy, inventory, type LayerCache } from './check-dockerfile-layers';

export interface BuiltStage {
  name: string;
  /** The stage's root file system on the host. */
  root: string;
  /** WORKDIR, as a path in the image (e.g. /app). */
  workdir: string;
  env: Record<string, string>;
  user: string | null;
  cmd: string[] | null;
  entrypoint: string[] | null;
  /** The hash of everything the stage is made of. */
  key: string;
}

export interface StageBuilderOptions {
  dockerfile: Dockerfile;
  contextDir: string;
  /** Stage roots are made under this directory. */
  workDir: string;
  layerCache: LayerCache | null;
  log: (line: string) => void;
}

function hash(...parts: string[]): string {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part).update('\0');
  return digest.digest('hex').slice(0, 32);
}

/** A path of the image, in the stage's root on the host. */
export function hostPath(root: string, imagePath: string): string {
  return join(root, posix.resolve('/', imagePath));
}

function contentHash(path: string): string {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return hash('link', readlinkSync(path));
  if (stat.isFile()) return hash('file', String(stat.mode & 0o111), readFileSync(path).toString('base64'));
  return hash(
    'dir',
    ...readdirSync(path)
      .sort()
      .map((name) => `${name}:${contentHash(join(path, name))}`),
  );
}

/**
 * Copies a file, symlink or directory tree. Existing files are unlinked first, never written in place: stage
 * roots and cached layers share files through hard links. `link` hard-links files instead of copying them.
 */
function copyTree(from: string, to: string, link: boolean): void {
  const stat = lstatSync(from);
  if (stat.isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from)) copyTree(join(from, name), join(to, name), link);
    return;
  }
  if (lstatSync(to, { throwIfNoEntry: false })) unlinkSync(to);
  if (stat.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
  else if (link) linkSync(from, to);
  else copyFileSync(from, to);
}

function runShell(command: string, cwd: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        log(`    ${line}`);
        tail.push(line);
        if (tail.length > 30) tail.shift();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`RUN ${command} failed (${signal ?? `exit ${code}`}):\n${tail.join('\n')}`)),
    );
  });
}

/** The npm cache of the host: what `RUN --mount=type=cache,target=/root/.npm` keeps between builds. */
function npmCacheDir(): string {
  return process.env['npm_config_cache'] ?? join(homedir(), '.npm');
}

export class StageBuilder {
  private readonly built = new Map<string, Promise<BuiltStage>>();

  constructor(private readonly options: StageBuilderOptions) {}

  build(name: string): Promise<BuiltStage> {
    let pending = this.built.get(name);
    if (!pending) {
      pending = this.buildStage(this.options.dockerfile.stage(name));
      this.built.set(name, pending);
    }
    return pending;
  }

  private async buildStage(stage: Stage): Promise<BuiltStage> {
    const root = join(this.options.workDir, stage.name);
    let state: BuiltStage;
    if ('stage' in stage.base) {
      const parent = await this.build(stage.base.stage);
      hardLinkCopy(parent.root, root);
      state = { ...parent, name: stage.name, root, env: { ...parent.env } };
    } else {
      mkdirSync(root, { recursive: true });
      const base = `${stage.base.image} on the host's Node ${process.version} ${process.platform}-${process.arch}`;
      state = {
        name: stage.name,
        root,
        workdir: '/',
        env: {},
        user: null,
        cmd: null,
        entrypoint: null,
        key: hash(base),
      };
    }
    for (const step of stage.steps) await this.apply(state, step);
    return state;
  }

  private async apply(state: BuiltStage, step: Step): Promise<void> {
    const { log } = this.options;
    switch (step.kind) {
      case 'workdir':
        state.workdir = posix.resolve(state.workdir, step.path);
        mkdirSync(hostPath(state.root, state.workdir), { recursive: true });
        state.key = hash(state.key, step.text);
        return;
      case 'env':
        Object.assign(state.env, step.vars);
        state.key = hash(state.key, step.text);
        return;
      case 'user':
        state.user = step.user;
        state.key = hash(state.key, step.text);
        return;
      case 'cmd':
        state.cmd = step.argv;
        state.key = hash(state.key, step.text);
        return;
      case 'entrypoint':
        state.entrypoint = step.argv;
        state.key = hash(state.key, step.text);
        return;
      case 'metadata':
        state.key = hash(state.key, step.text);
        return;
      case 'copy':
        state.key = hash(state.key, step.text, await this.copy(state, step));
        return;
      case 'run': {
        state.key = hash(state.key, step.text);
        const started = Date.now();
        if (this.options.layerCache?.restore(state.key, state.root)) {
          log(`[dockerfile] ${state.name}: ${step.text} (cached layer)`);
          return;
        }
        log(`[dockerfile] ${state.name}: ${step.text}`);
        const before = this.options.layerCache ? inventory(state.root) : null;
        await this.run(state, step);
        log(`[dockerfile] ${state.name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        if (before) this.options.layerCache?.save(state.key, state.root, diffOf(before, inventory(state.root)));
        return;
      }
    }
  }

  /** Copies the step's sources; returns what they are made of, for the key. */
  private async copy(state: BuiltStage, step: Extract<Step, { kind: 'copy' }>): Promise<string> {
    const source = step.from === null ? null : await this.build(step.from);
    const dest = posix.resolve(state.workdir, step.dest);
    const intoDir = step.dest.endsWith('/') || step.sources.length > 1;
    const parts: string[] = [];
    for (const path of step.sources) {
      const from = source === null ? join(this.options.contextDir, path) : hostPath(source.root, path);
      if (!existsSync(from)) {
        throw new Error(
          source === null
            ? `${step.text}: ${path} is not in the build context (left out by the .dockerignore?)`
            : `${step.text}: stage ${source.name} has no ${path}`,
        );
      }
      // A directory's contents go into dest; a file goes to dest, or into it when dest is a directory.
      let hostTarget = hostPath(state.root, dest);
      const isDirectory = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
      if (!isDirectory(from) && (intoDir || isDirectory(hostTarget))) hostTarget = join(hostTarget, basename(path));
      mkdirSync(dirname(hostTarget), { recursive: true });
      copyTree(from, hostTarget, source !== null);
      parts.push(source === null ? `${path}:${contentHash(from)}` : `${source.name}:${source.key}:${path}`);
    }
    this.options.log(`[dockerfile] ${state.name}: ${step.text}`);
    return parts.join('\n');
  }

  private async run(state: BuiltStage, step: Extract<Step, { kind: 'run' }>): Promise<void> {
    if (state.workdir !== '/' && new RegExp(`(^|[\\s='"])${state.workdir}(/|\\s|$)`).test(step.command)) {
      throw new Error(
        `${step.text}: RUN must use paths relative to WORKDIR (${state.workdir}); tools/ci/check-dockerfile.ts runs it in a directory, not a container`,
      );
    }
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      HOME: homedir(),
      ...imageEnv(state),
      npm_config_update_notifier: 'false',
    };
    for (const target of step.cacheTargets) {
      if (posix.basename(target) !== '.npm')
        throw new Error(`${step.text}: only a cache mount of npm's cache (target .../.npm) is supported`);
      Object.assign(env, { npm_config_cache: npmCacheDir(), npm_config_prefer_offline: 'true' });
    }
    await runShell(step.command, hostPath(state.root, state.workdir), env, this.options.log);
  }
}

/** The stage's ENV with absolute paths into the image (whose directory it has) pointed into the stage's root. */
export function imageEnv(state: BuiltStage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(state.env).map(([name, value]) => [
      name,
      value.startsWith('/') && existsSync(hostPath(state.root, posix.dirname(value)))
        ? hostPath(state.root, value)
        : value,
    ]),
  );
}

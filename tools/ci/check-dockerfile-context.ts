// The build context of tools/ci/check-dockerfile.ts: a clean copy of the working tree as `docker build .`
// would send it: the files git knows or would add (tracked, and untracked but not ignored), minus the
// Dockerfile's .dockerignore patterns, plus an optional overlay of files (the check's own tests use one).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** A .dockerignore pattern as a regular expression over slash-separated paths relative to the context. */
function patternRegex(pattern: string): RegExp {
  let source = '';
  const text = pattern.replace(/^\/+|\/+$/g, '');
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (char === '*' && text[index + 1] === '*') {
      const slash = text[index + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Docker's rule: a path is excluded when the last pattern matching it or one of its parent directories excludes. */
export function dockerignoreFilter(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => ({ include: line.startsWith('!'), regex: patternRegex(line.replace(/^!/, '')) }));
  return (path) => {
    const parts = path.split('/');
    const prefixes = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
    let excluded = false;
    for (const rule of rules) if (prefixes.some((prefix) => rule.regex.test(prefix))) excluded = !rule.include;
    return !excluded;
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

export interface ContextOptions {
  rootDir: string;
  /** The Dockerfile, relative to rootDir: its `<Dockerfile>.dockerignore`, else the root .dockerignore, applies. */
  dockerfile: string;
  dest: string;
  /** Files copied over the context afterwards (same relative paths), e.g. a changed Dockerfile. */
  overlayDir?: string | null;
}

/** Copies the context into dest; returns how many files it holds. */
export function prepareContext(options: ContextOptions): number {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: options.rootDir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter(Boolean);
  const ignoreFile = [`${options.dockerfile}.dockerignore`, '.dockerignore']
    .map((file) => join(options.rootDir, file))
    .find((file) => existsSync(file));
  const keep = dockerignoreFilter(ignoreFile ? readFileSync(ignoreFile, 'utf8') : '');
  let count = 0;
  for (const file of new Set(listed)) {
    const source = join(options.rootDir, file);
    // Deleted in the working tree but still tracked, or a directory (a submodule): not in `docker build`'s context.
    if (!existsSync(source) || !lstatSync(source).isFile() || !keep(file)) continue;
    mkdirSync(dirname(join(options.dest, file)), { recursive: true });
    copyFileSync(source, join(options.dest, file));
    count += 1;
  }
  if (options.overlayDir) {
    for (const source of filesUnder(options.overlayDir)) {
      const target = join(options.dest, relative(options.overlayDir, source));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(source, target);
    }
  }
  return count;
}

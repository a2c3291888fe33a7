// The layer cache of tools/ci/check-dockerfile.ts, as Docker's: what a RUN step changed in its stage's file
// system (a tar of the files it added or changed, and the list of paths it removed), kept under the step's key
// (a hash of everything before it: base, instructions, copied files). Restoring applies that diff onto the
// stage as it is before the step, which is what the key stands for. The newest few entries are kept.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';

export const DEFAULT_LAYER_CACHE_DIR = join(homedir(), '.cache', 'crs-export', 'dockerfile-layers');
/** Entries kept: the lockfile's two npm ci layers and a few build layers. */
const KEEP = 8;
/** An entry used this recently is never pruned (another check may be restoring it). */
const IN_USE_MS = 60 * 60 * 1000;

/** Every path under root with what identifies its content (inode, size, mtime, mode): taken before and after a RUN. */
export type Inventory = Map<string, string>;

export function inventory(root: string): Inventory {
  const entries: Inventory = new Map();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const stat = lstatSync(path);
      entries.set(relative(root, path), `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.mode}`);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(root);
  return entries;
}

export interface LayerDiff {
  /** Added or changed paths (directories included), relative to the root. */
  changed: string[];
  removed: string[];
}

export function diffOf(before: Inventory, after: Inventory): LayerDiff {
  return {
    changed: [...after].filter(([path, id]) => before.get(path) !== id).map(([path]) => path),
    removed: [...before.keys()].filter((path) => !after.has(path)),
  };
}

export class LayerCache {
  constructor(readonly dir: string = DEFAULT_LAYER_CACHE_DIR) {
    mkdirSync(dir, { recursive: true });
  }

  /** Applies the cached diff onto root; false when there is none. */
  restore(key: string, root: string): boolean {
    const tar = join(this.dir, `${key}.tar`);
    const removedFile = join(this.dir, `${key}.removed.json`);
    if (!existsSync(tar) || !existsSync(removedFile)) return false;
    const now = new Date();
    utimesSync(tar, now, now);
    for (const path of JSON.parse(readFileSync(removedFile, 'utf8')) as string[])
      rmSync(join(root, path), { recursive: true, force: true });
    // GNU tar replaces an existing file (unlink, create) rather than writing into it: stage roots share files
    // through hard links, which must keep their content.
    execFileSync('tar', ['-x', '-f', tar, '-C', root]);
    return true;
  }

  save(key: string, root: string, diff: LayerDiff): void {
    const tar = join(this.dir, `${key}.tar`);
    if (existsSync(tar)) return;
    const partial = `${tar}.partial-${process.pid}`;
    const list = `${partial}.list`;
    writeFileSync(list, diff.changed.map((path) => `${path}\n`).join(''));
    try {
      execFileSync('tar', ['-c', '--no-recursion', '-f', partial, '-C', root, '-T', list]);
      writeFileSync(join(this.dir, `${key}.removed.json`), JSON.stringify(diff.removed));
      renameSync(partial, tar);
    } finally {
      rmSync(list, { force: true });
      rmSync(partial, { force: true });
    }
    this.prune();
  }

  private prune(): void {
    const entries = readdirSync(this.dir)
      .filter((name) => name.endsWith('.tar'))
      .map((name) => ({ key: name.slice(0, -'.tar'.length), usedAt: statSync(join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.usedAt - a.usedAt);
    for (const entry of entries.slice(KEEP)) {
      if (Date.now() - entry.usedAt < IN_USE_MS) continue;
      rmSync(join(this.dir, `${entry.key}.tar`), { force: true });
      rmSync(join(this.dir, `${entry.key}.removed.json`), { force: true });
    }
  }
}

/** cp -a -l: a copy whose files are hard links (same file system). */
export function hardLinkCopy(from: string, to: string): void {
  execFileSync('cp', ['-a', '-l', from, to]);
}

/** rm -rf, faster than fs.rmSync on large trees. */
export function removeTree(path: string): void {
  execFileSync('rm', ['-rf', '--', path]);
}

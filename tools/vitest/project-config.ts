// The Vitest settings every project shares: tsconfig path aliases, SWC (decorator metadata), forks.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import swc from 'unplugin-swc';
import type { TestProjectInlineConfiguration } from 'vitest/config';

const root = resolve(__dirname, '..', '..');

export function tsconfigAliases(): Record<string, string> {
  const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return Object.fromEntries(
    Object.entries(base.compilerOptions.paths).map(([alias, targets]) => [alias, join(root, targets[0] ?? '')]),
  );
}

/** Every Nx project (a folder with project.json under apps/, libs/, or workflows/ and bench/). */
function projectDirs(): string[] {
  const dirs = ['apps', 'libs'].flatMap((group) =>
    existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => join(root, group, name)) : [],
  );
  dirs.push(join(root, 'workflows'), join(root, 'bench'));
  return dirs.filter((dir) => existsSync(join(dir, 'project.json')));
}

function projectName(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')) as { name: string }).name;
}

/** A project.json `"testSuite"` (e.g. "reliability") keeps a slow suite out of `npm test`; it has its own config. */
function inDefaultSuite(dir: string): boolean {
  const suite = (JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')) as { testSuite?: string }).testSuite;
  return suite === undefined || suite === 'default';
}

/** One Vitest project per Nx project, so `vitest run --project <name>` runs one project's tests. */
export function workspaceTestProjects(): TestProjectInlineConfiguration[] {
  return projectDirs()
    .filter(inDefaultSuite)
    .map((dir) => ({
      plugins: [swc.vite({ tsconfigFile: join(root, 'tsconfig.json') })],
      resolve: { alias: tsconfigAliases() },
      test: {
        name: projectName(dir),
        root: dir,
        include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
        environment: 'node',
        testTimeout: 60_000,
        hookTimeout: 120_000,
      },
    }));
}

// The Vitest settings every project shares (tsconfig path aliases, SWC for decorator metadata, forks), for
// the one workspace run of `npm test` and for a project run alone by Nx (`npx nx test <project>`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig, type TestProjectInlineConfiguration, type ViteUserConfig } from 'vitest/config';

const root = resolve(import.meta.dirname, '..', '..');

/** Projects with a suite of their own (own config, own command): `npm test` leaves them out. */
const SEPARATE_SUITES: readonly string[] = ['reliability'];

export function tsconfigAliases(): Record<string, string> {
  const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return Object.fromEntries(
    Object.entries(base.compilerOptions.paths).map(([alias, targets]) => [alias, join(root, targets[0] ?? '')]),
  );
}

/** Every Nx project (a folder with project.json under apps/ or libs/, and workflows/ and bench/). */
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

/** One project's tests: its spec files, with the workspace's aliases and SWC. */
function projectTest(dir: string): TestProjectInlineConfiguration {
  return {
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
  };
}

/** One Vitest project per Nx project, so `vitest run --project <name>` runs one project's tests. */
export function workspaceTestProjects(): TestProjectInlineConfiguration[] {
  return projectDirs()
    .filter((dir) => !SEPARATE_SUITES.includes(projectName(dir)))
    .map(projectTest);
}

/** Everything a test run needs, whether all projects run together or one alone. */
export const sharedRunOptions = {
  globalSetup: [join(root, 'tools', 'vitest', 'global-setup.ts')],
  pool: 'forks' as const,
  maxWorkers: 2,
};

/** A project's vitest.config.mts: its tests alone, with their own Temporal dev server (what Nx runs). */
export function standaloneProjectConfig(dir: string): ViteUserConfig {
  const project = projectTest(dir);
  return defineConfig({ ...project, test: { ...project.test, ...sharedRunOptions } });
}

// Bundles the export workflows for Temporal's sandbox, resolving the workspace's tsconfig path aliases.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode, type BundleOptions, type Logger, type WorkflowBundle } from '@temporalio/worker';
import { ENCODED_FAILURE_CONVERTER_PATH } from '@crs-export/payload-codec';

const repoRoot = resolve(__dirname, '..', '..', '..');

/** The entry point whose exported functions become workflow types. */
export const EXPORT_WORKFLOWS_PATH = join(repoRoot, 'workflows', 'src', 'workflows.ts');

/** `@crs-export/*` → source files, as tsconfig.base.json maps them (webpack does not read tsconfig paths). */
export function workspaceAliases(): Record<string, string> {
  const base = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return Object.fromEntries(
    Object.entries(base.compilerOptions.paths).map(([alias, [target]]) => [`${alias}$`, join(repoRoot, target ?? '')]),
  );
}

/** The bundler's webpack config with the workspace aliases added. */
export const resolveWorkspaceAliases: NonNullable<BundleOptions['webpackConfigHook']> = (config) => ({
  ...config,
  resolve: { ...config.resolve, alias: { ...config.resolve?.alias, ...workspaceAliases() } },
});

/**
 * Bundles once; pass the result to createExportWorker (tests: once per file; production: build-bundle.ts). The
 * sandbox gets the failure converter that encodes failure messages and stack traces (the SDK takes it by path
 * only, and a prebuilt bundle ignores the worker's own dataConverter.failureConverterPath).
 */
export async function bundleExportWorkflows(options: { logger?: Logger } = {}): Promise<WorkflowBundle> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: EXPORT_WORKFLOWS_PATH,
    webpackConfigHook: resolveWorkspaceAliases,
    failureConverterPath: ENCODED_FAILURE_CONVERTER_PATH,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { code };
}

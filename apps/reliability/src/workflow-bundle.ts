// Builds the worker's workflow bundle once per run, so that each worker restart loads it instead of
// spending seconds of CPU on webpack (WORKFLOW_BUNDLE_PATH, as production workers do).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function buildWorkflowBundle(rootDir: string, out: string): Promise<string> {
  await run(
    process.execPath,
    [join(rootDir, 'tools', 'run-ts.cjs'), join(rootDir, 'apps', 'worker', 'src', 'build-bundle.ts'), out],
    {
      cwd: rootDir,
      timeout: 180_000,
    },
  );
  if (!existsSync(out)) throw new Error(`the workflow bundle was not written to ${out}`);
  return out;
}

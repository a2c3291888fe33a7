// Builds the worker's workflow bundle once, as production does (WORKFLOW_BUNDLE_PATH), so that each worker
// start or restart loads it instead of spending seconds of CPU on webpack and inflating its peak RSS. The
// bundle is made by the worker's own script (apps/worker/src/build-bundle.ts), the one bundle builder.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function buildWorkflowBundleFile(rootDir: string, out: string): Promise<string> {
  try {
    await run(
      process.execPath,
      [join(rootDir, 'tools', 'run-ts.cjs'), join(rootDir, 'apps', 'worker', 'src', 'build-bundle.ts'), out],
      { cwd: rootDir, timeout: 180_000 },
    );
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`building the workflow bundle failed: ${stderr.slice(-2000) || String(error)}`);
  }
  if (!existsSync(out)) throw new Error(`the workflow bundle was not written to ${out}`);
  return out;
}

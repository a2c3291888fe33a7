// Writes the prebuilt workflow bundle for production workers (WORKFLOW_BUNDLE_PATH points at it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createJsonLogger } from './json-logger';
import { bundleExportWorkflows } from './workflow-bundle';

const DEFAULT_OUT = resolve(__dirname, '..', '..', '..', 'dist', 'apps', 'worker', 'workflow-bundle.js');

async function buildBundle(out: string): Promise<void> {
  const { code } = await bundleExportWorkflows({ logger: createJsonLogger('warn') });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
  process.stdout.write(`${JSON.stringify({ msg: 'workflow bundle written', path: out, bytes: code.length })}\n`);
}

buildBundle(resolve(process.argv[2] ?? DEFAULT_OUT)).catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'ERROR', msg: 'workflow bundle failed', error: String(error) })}\n`);
  process.exitCode = 1;
});

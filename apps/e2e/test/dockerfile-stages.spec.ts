// deploy/Dockerfile without a Docker engine: tools/ci/check-dockerfile.ts runs its stages as a script on a clean
// copy of the working tree and starts each image target from its compiled output with production dependencies
// only. It passes on the repository as it is, and fails on a runtime stage with devDependencies and on code
// that needs a devDependency at runtime (a require the static scan cannot see).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testTemporalAddress } from '@crs-export/testing';

const ROOT = join(__dirname, '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'dockerfile-stages-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runCheck(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'tools', 'run-ts.cjs'),
        join(ROOT, 'tools', 'ci', 'check-dockerfile.ts'),
        '--temporal-address',
        testTemporalAddress(),
        ...args,
      ],
      { cwd: ROOT, env: { PATH: process.env['PATH'], HOME: process.env['HOME'] }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** An overlay directory holding `path` (relative to the repository) with the repository's content changed. */
function overlay(name: string, path: string, change: (text: string) => string): string {
  const dir = join(scratch, name);
  const original = readFileSync(join(ROOT, path), 'utf8');
  const changed = change(original);
  expect(changed).not.toBe(original);
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), changed);
  return dir;
}

describe('the Dockerfile run as a script', () => {
  it('builds every target from compiled JavaScript with production dependencies only, and each starts', async () => {
    const { code, output } = await runCheck([]);
    expect(output).toMatch(/\[dockerfile\] PASS every target of deploy\/Dockerfile/);
    for (const target of ['api', 'worker', 'codec-server', 'simulator', 'cli'])
      expect(output).toMatch(new RegExp(`\\[dockerfile\\] PASS ${target} \\(USER node\\): no devDependency`));
    expect(output).toContain('polls a real Temporal server with the prebuilt bundle');
    expect(output).toContain("refuses .env.example's CODEC_KEYS placeholder at start");
    expect(code).toBe(0);
  }, 900_000);

  it('fails when the runtime stage installs devDependencies', async () => {
    const dir = overlay('dev-runtime', 'deploy/Dockerfile', (text) =>
      text.replace('npm ci --omit=dev --no-audit --no-fund', 'npm ci --no-audit --no-fund'),
    );
    const { code, output } = await runCheck(['--targets', 'cli', '--overlay', dir]);
    expect(output).toMatch(/\[dockerfile\] FAIL cli: the runtime image holds \d+ devDependencies/);
    expect(code).toBe(1);
  }, 600_000);

  it('fails when compiled code needs a devDependency at runtime', async () => {
    // Built from a name at runtime, so that neither build-app.cjs nor the check's scan of requires sees it.
    const dir = overlay('dev-require', 'apps/cli/src/main.ts', (text) =>
      text.replace(/^(import .*\n)/m, `$1require(['fast', 'check'].join('-'));\n`),
    );
    const { code, output } = await runCheck(['--targets', 'cli', '--overlay', dir]);
    expect(output).toMatch(/\[dockerfile\] FAIL cli: the CLI's default command: exit 1/);
    expect(output).toContain("Cannot find module 'fast-check'");
    expect(code).toBe(1);
  }, 600_000);
});

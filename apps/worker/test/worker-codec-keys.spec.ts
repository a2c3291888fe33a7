// The worker process refuses to run without a payload codec key (it would write payloads in clear), and names
// a bad key by position, never by its text.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(__dirname, '..', '..', '..');

/** Runs the worker's main with only these variables (and PATH/HOME), until it exits. */
function runWorker(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['tools/run-ts.cjs', 'apps/worker/src/main.ts'], {
      cwd: repoRoot,
      // A Temporal address nothing listens on: the worker must stop before it would connect anywhere.
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        TEMPORAL_ADDRESS: '127.0.0.1:1',
        WORKER_METRICS_PORT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => done({ code, output }));
  });
}

describe('the worker process without a usable payload codec key', () => {
  it('refuses to start when neither CODEC_KEYS_FILE nor CODEC_KEYS is set, saying what to set', async () => {
    const { code, output } = await runWorker({});
    expect(code).toBe(1);
    expect(output).toContain('worker failed');
    expect(output).toMatch(/no payload codec key is configured: set CODEC_KEYS_FILE .* or CODEC_KEYS/);
    expect(output).not.toContain('worker started');
  });

  it('refuses a key of the wrong length, naming the key by id and never printing it', async () => {
    const shortKey = randomBytes(16).toString('base64');
    const { code, output } = await runWorker({ CODEC_KEYS: `k-short:${shortKey}` });
    expect(code).toBe(1);
    expect(output).toContain('key 1 (\\"k-short\\"): the key is 16 bytes, AES-256 needs 32');
    expect(output).not.toContain(shortKey);
  });
});

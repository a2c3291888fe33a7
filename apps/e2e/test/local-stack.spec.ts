// The whole local stack through startStack: the CLI against the real API, the Web UI in Chromium, kill and restart.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '@crs-export/crs-simulator';
import { startStack, type ServiceName, type Stack } from '@crs-export/local-stack';
import { processGroupAlive } from '@crs-export/process-supervisor';
import { testApiKeyToken } from '@crs-export/testing';

const ROOT = join(__dirname, '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join(ROOT, 'tmp', 'artifacts', 'web-ui-export.png');
const exportIdOf = (backupId: string): string => `export-${DEMO_IDS.clusterRedisId}-${backupId}`;

let stack: Stack;
let dataDir: string;
const unexpected: ServiceName[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'crs-stack-'));
  stack = await startStack({
    dataDir,
    ports: { api: 0, simulator: 0, temporal: 0, temporalUi: 0, workerMetrics: 0, codec: 0 },
    // The test's own environment may point at the suite's shared server; this stack runs its own.
    temporalAddress: null,
    crsEndpoint: null,
    apiKey: testApiKeyToken('e2e-local-stack'),
    onUnexpectedExit: (service) => unexpected.push(service),
    onWarning: () => undefined,
  });
}, 180_000);

afterAll(async () => {
  // Normally stopped by the last test already; this covers a failure before it.
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'tools', 'crs-export.cjs'), ...args], {
      cwd: dataDir,
      env: { ...process.env, CRS_EXPORT_API_URL: stack.urls.api, CRS_EXPORT_API_KEY: stack.apiKey.key },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the local stack', () => {
  it('runs the demo export to SUCCEEDED through the CLI (exit 0), and a failing one to exit 1', async () => {
    const [ok, failing] = await Promise.all([
      cli(['start', DEMO_IDS.clusterRedisId, DEMO_IDS.exportableBackupId, '--watch', '--urls', '--interval', '500ms']),
      cli(['start', DEMO_IDS.clusterRedisId, DEMO_IDS.expiredBackupId, '--watch', '--interval', '500ms']),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/SUCCEEDED after/);
    // API 3.0 by default: the demo cluster's three shards, at COS-like presigned URLs of the simulator (bearer
    // secrets: printed only with --urls, which the demo key's `urls` scope allows).
    for (const shard of [1, 2, 3]) {
      expect(ok.stdout).toMatch(
        new RegExp(`shard ${shard} {2}extranet {2}http://127\\.0\\.0\\.1:\\d+/\\d+/redis/.*\\?sign=`),
      );
    }
    expect(failing.code, failing.stderr).toBe(1);
    expect(failing.stdout).not.toMatch(/\?sign=/);
    expect(failing.stdout).toMatch(/FAILED after/);
    const listed = await cli(['list', '--redis-id', DEMO_IDS.clusterRedisId, '--json']);
    const ids = (JSON.parse(listed.stdout) as { items: { exportId: string }[] }).items.map((item) => item.exportId);
    expect(ids).toEqual(
      expect.arrayContaining([exportIdOf(DEMO_IDS.exportableBackupId), exportIdOf(DEMO_IDS.expiredBackupId)]),
    );
  }, 90_000);

  it('shows the export in the Temporal Web UI when filtered by RedisId, and saves a screenshot', async () => {
    // Debian's Chromium, installed by the project's own script when missing (never a test skipped for it).
    if (!existsSync(CHROMIUM))
      execFileSync('bash', [join(ROOT, 'tools', 'ci', 'ensure-chromium.sh')], { stdio: 'inherit' });
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: tools/ci/ensure-chromium.sh could not install it`).toBe(true);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const query = encodeURIComponent(`RedisId='${DEMO_IDS.clusterRedisId}'`);
      await page.goto(`${stack.urls.temporalUi ?? ''}/namespaces/${stack.namespace}/workflows?query=${query}`);
      const row = page.getByText(exportIdOf(DEMO_IDS.exportableBackupId), { exact: true }).first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await page.getByText(exportIdOf(DEMO_IDS.expiredBackupId), { exact: true }).first().isVisible()).toBe(
        true,
      );
      mkdirSync(join(ROOT, 'tmp', 'artifacts'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: false });
      expect(existsSync(SCREENSHOT)).toBe(true);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('takes a deliberate SIGKILL of the worker quietly and restarts it', async () => {
    const before = stack.pid('worker');
    const exit = await stack.kill('worker', 'SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    expect(stack.running('worker')).toBe(false);
    await stack.startService('worker');
    expect(stack.running('worker')).toBe(true);
    expect(stack.pid('worker')).not.toBe(before);
    expect(unexpected).toEqual([]);
  }, 60_000);

  it('restarts Temporal on the same SQLite file: the exports are still there', async () => {
    await stack.restart('temporal');
    const status = await cli(['status', exportIdOf(DEMO_IDS.exportableBackupId), '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect((JSON.parse(status.stdout) as { state: string }).state).toBe('SUCCEEDED');
  }, 60_000);

  it('reports a service that dies behind its back', async () => {
    process.kill(-(stack.pid('simulator') ?? 0), 'SIGKILL');
    await expect.poll(() => unexpected, { timeout: 5_000 }).toEqual(['simulator']);
    await stack.startService('simulator');
    expect(stack.running('simulator')).toBe(true);
  }, 30_000);

  it('stops everything, leaving no process of any service behind', async () => {
    const pids = Object.values(stack.pids());
    // Temporal, the simulator, the codec server (it runs with the Web UI), the worker and the API.
    expect(pids).toHaveLength(5);
    await stack.stop();
    for (const pid of pids) await expect.poll(() => processGroupAlive(pid), { timeout: 5_000 }).toBe(false);
    expect(unexpected).toEqual(['simulator']);
  }, 60_000);
});

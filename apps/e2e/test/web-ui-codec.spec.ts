// The Temporal Web UI of the local stack (`npm start`'s) decodes payloads through the codec server: an export's
// result shows in clear with the codec, and only as ciphertext (encoding binary/encrypted) without it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportStatus } from '@crs-export/contracts';
import { DEMO_IDS } from '@crs-export/crs-simulator';
import { ExportClient } from '@crs-export/export-client';
import { startStack, type Stack } from '@crs-export/local-stack';
import { launchHeadlessChromium } from './support/headless-chromium';

const ROOT = join(__dirname, '..', '..', '..');
const ARTIFACTS = join(ROOT, 'tmp', 'artifacts');
/** base64 of "binary/encrypted": how the UI shows the encoding of a payload it could not decode. */
const ENCRYPTED_ENCODING_BASE64 = Buffer.from('binary/encrypted').toString('base64');

let dataDir: string;
let stack: Stack;
let connection: Connection;
let browser: Browser;
let result: ExportStatus;
/** A value that is only in the export's payloads: the first shard's file name. */
let secretInResult: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'crs-codec-ui-'));
  stack = await startStack({
    dataDir,
    ports: { api: 0, simulator: 0, temporal: 0, temporalUi: 0, workerMetrics: 0, codec: 0 },
    // The export is started as the API starts it (ExportClient) by this test; no API process is needed.
    services: ['temporal', 'simulator', 'codec', 'worker'],
    temporalAddress: null,
    crsEndpoint: null,
    persistTemporal: false,
    onWarning: () => undefined,
  });
  connection = await Connection.connect({ address: stack.urls.temporalAddress });
  const client = new Client({ connection, namespace: stack.namespace, dataConverter: stack.codec.keys.dataConverter });
  const exports = new ExportClient({ client, taskQueue: stack.taskQueue });
  const { status } = await exports.startExport({
    redisId: DEMO_IDS.clusterRedisId,
    backupId: DEMO_IDS.exportableBackupId,
    region: 'gz',
    polling: { initialIntervalMs: 200, backoffCoefficient: 1, maximumIntervalMs: 200, deadlineMs: 60_000 },
  });
  result = (await client.workflow.getHandle(status.exportId).result()) as ExportStatus;
  secretInResult = result.files?.[0]?.name ?? '';
  browser = await launchHeadlessChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await connection?.close();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** Opens the export's page and waits until its Result card shows `expected`; returns the page's text and HTML. */
async function openExport(page: Page, expected: string): Promise<{ text: string; html: string }> {
  await page.goto(`${stack.urls.temporalUi ?? ''}/namespaces/${stack.namespace}/workflows/${result.exportId}`);
  await expect.poll(() => page.innerText('body'), { timeout: 30_000, interval: 250 }).toContain(expected);
  return { text: await page.innerText('body'), html: await page.content() };
}

describe('the Web UI and the codec server', () => {
  it('shows the export result decoded, through the codec server on its token path', async () => {
    expect(result.state).toBe('SUCCEEDED');
    expect(secretInResult).toMatch(/\.rdb$/);
    const page = await browser.newPage({ viewport: { width: 1440, height: 1600 } });
    const decodes: number[] = [];
    page.on('response', (response) => {
      const token = stack.codec.serverToken?.token ?? '';
      if (response.url() === `${stack.urls.codecServer ?? ''}/${token}/decode`) decodes.push(response.status());
    });
    const { text } = await openExport(page, '"state": "SUCCEEDED"');
    expect(text).toContain(secretInResult);
    expect(text).toContain(`"exportId": "${result.exportId}"`);
    expect(text).not.toContain(ENCRYPTED_ENCODING_BASE64);
    expect(decodes.length).toBeGreaterThan(0);
    expect(decodes.every((status) => status === 200)).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-ui-codec-decoded.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('shows only ciphertext (binary/encrypted) when the codec server is not there, and clear text once it is back', async () => {
    await stack.stopService('codec');
    const page = await browser.newPage({ viewport: { width: 1440, height: 1600 } });
    const { text, html } = await openExport(page, ENCRYPTED_ENCODING_BASE64);
    expect(text).toContain('Codec Server could not connect');
    expect(html).not.toContain(secretInResult);
    expect(text).not.toContain('"state": "SUCCEEDED"');
    await page.screenshot({ path: join(ARTIFACTS, 'web-ui-codec-encrypted.png'), fullPage: true });

    await stack.startService('codec');
    const again = await openExport(page, '"state": "SUCCEEDED"');
    expect(again.text).toContain(secretInResult);
    await page.close();
  }, 90_000);
});

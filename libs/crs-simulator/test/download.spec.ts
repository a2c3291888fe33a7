// Downloads: a valid RDB file of exactly rdbBytes with a correct CRC-64, the same bytes every time,
// refused after the URL expires or when the token was not issued here.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RdbWalker, type RdbSummary } from '@crs-export/rdb';
import { crc64, DEMO_IDS, DEMO_SCENARIO, ManualClock, startCrsSimulator, type CrsSimulator } from '../src';
import { ok } from './sim-call';

const clock = new ManualClock();
let sim: CrsSimulator;

beforeAll(async () => {
  sim = await startCrsSimulator({ clock });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setScenario(DEMO_SCENARIO);
  sim.reset();
});

async function downloadUrl(redisId: string, backupId: string): Promise<string> {
  return (await ok(sim, 'GetBackupDownloadUrl', { redisId, backupId })).data?.['extranet'] as string;
}

async function download(url: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const response = await fetch(url);
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

/** Walks the file with libs/rdb's verifier (structure, every value's encoding, the CRC): its summary. */
function readRdb(file: Buffer): RdbSummary {
  const walker = new RdbWalker();
  walker.write(file);
  return walker.end();
}

describe('downloads', () => {
  it('serves a valid RDB file of exactly rdbBytes whose CRC-64 checks out', async () => {
    const { status, bytes, headers } = await download(
      await downloadUrl(DEMO_IDS.clusterRedisId, DEMO_IDS.exportedBackupId),
    );
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/octet-stream');
    expect(bytes.length).toBe(65_536);
    expect(bytes.subarray(0, 9).toString('ascii')).toBe('REDIS0010');
    expect(bytes[bytes.length - 9]).toBe(0xff);
    expect(bytes.readBigUInt64LE(bytes.length - 8)).toBe(crc64(bytes.subarray(0, bytes.length - 8)));
    const rdb = readRdb(bytes);
    expect(rdb.aux).toMatchObject({ 'redis-ver': '7.0.15', 'redis-bits': '64' });
    expect(rdb.checksum.status).toBe('verified');
    expect(rdb.keys).toBe(sim.files(DEMO_IDS.clusterRedisId, DEMO_IDS.exportedBackupId)?.v2.keys.total);
    expect(rdb.keys).toBeGreaterThan(0);
  });

  it('serves the same bytes for the same backup, different bytes for another', async () => {
    const url = await downloadUrl(DEMO_IDS.clusterRedisId, DEMO_IDS.exportedBackupId);
    const first = await download(url);
    const second = await download(await downloadUrl(DEMO_IDS.clusterRedisId, DEMO_IDS.exportedBackupId));
    expect(second.bytes.equals(first.bytes)).toBe(true);
    const other = await download(await downloadUrl(DEMO_IDS.masterReplicaRedisId, DEMO_IDS.masterReplicaBackupId));
    expect(other.bytes.equals(first.bytes)).toBe(false);
  });

  it.each([512, 600, 16_384 + 300, 1_000_003])('lays out a file of exactly %i bytes', async (rdbBytes) => {
    sim.setScenario({
      ...DEMO_SCENARIO,
      instances: [
        {
          redisId: 'crs-size',
          redisName: 'size',
          region: 'gz',
          regionId: 1,
          typeId: 2,
          status: 2,
          backups: [
            {
              backupId: 'b-size',
              status: 2,
              backupType: 'manualBackupInstance',
              startTime: '2026-11-28 03:00:00',
              exportOutcome: 'success',
              rdbBytes,
            },
          ],
        },
      ],
    });
    const { bytes } = await download(await downloadUrl('crs-size', 'b-size'));
    expect(bytes.length).toBe(rdbBytes);
    expect(bytes.readBigUInt64LE(rdbBytes - 8)).toBe(crc64(bytes.subarray(0, rdbBytes - 8)));
    const rdb = readRdb(bytes);
    expect(rdb.bytes).toBe(rdbBytes);
    expect(rdb.keys).toBe(sim.files('crs-size', 'b-size')?.v2.keys.total);
    expect(rdb.keys).toBeGreaterThan(0);
  });

  it('streams a large file (8 MiB) in chunks', async () => {
    sim.setScenario({ ...DEMO_SCENARIO, exportDurationMs: 0 });
    await ok(sim, 'ExportRedisBackup', { redisId: DEMO_IDS.clusterRedisId, backupId: DEMO_IDS.largeBackupId });
    clock.advance(10_000);
    const response = await fetch(await downloadUrl(DEMO_IDS.clusterRedisId, DEMO_IDS.largeBackupId));
    expect(response.headers.get('content-length')).toBe(String(8 * 1024 * 1024));
    let chunks = 0;
    const parts: Buffer[] = [];
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      chunks++;
      parts.push(Buffer.from(chunk));
    }
    const file = Buffer.concat(parts);
    expect(chunks).toBeGreaterThan(1);
    expect(file.length).toBe(8 * 1024 * 1024);
    expect(file.readBigUInt64LE(file.length - 8)).toBe(crc64(file.subarray(0, file.length - 8)));
  });

  it('refuses an expired URL with 410 (12 hours by default)', async () => {
    const url = await downloadUrl(DEMO_IDS.clusterRedisId, DEMO_IDS.exportedBackupId);
    clock.advance(12 * 3600 * 1000);
    expect((await download(url)).status).toBe(200);
    clock.advance(1);
    const expired = await download(url);
    expect(expired.status).toBe(410);
    expect(JSON.parse(expired.bytes.toString('utf8'))).toMatchObject({ error: expect.stringContaining('expired') });
    expect(sim.calls({ action: 'download' }).map((record) => record.httpStatus)).toEqual([200, 410]);
  });

  it("honours the scenario's urlTtlMs", async () => {
    sim.setScenario({ ...DEMO_SCENARIO, urlTtlMs: 1000 });
    const url = await downloadUrl(DEMO_IDS.clusterRedisId, DEMO_IDS.exportedBackupId);
    clock.advance(1001);
    expect((await download(url)).status).toBe(410);
  });

  it('refuses a token it did not issue with 403, and a backup gone from the scenario with 404', async () => {
    const url = await downloadUrl(DEMO_IDS.clusterRedisId, DEMO_IDS.exportedBackupId);
    expect((await download(url.replace('/download/', '/download/x'))).status).toBe(403);
    sim.setScenario({ ...DEMO_SCENARIO, instances: [] });
    expect((await download(url)).status).toBe(404);
  });
});

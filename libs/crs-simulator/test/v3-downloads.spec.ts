// Downloads of 3.0's files from the simulated COS (and v2's through the same file server): presigned URLs
// valid 6 hours then 403 with COS's XML, signatures, the download restriction, Range and HEAD, a malformed
// escape (400, never 500), and each download fault, by rule and one-shot.
import { RdbWalker } from '@crs-export/rdb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_IDS,
  DEMO_SCENARIO,
  FaultConfigError,
  ManualClock,
  startCrsSimulator,
  type CrsSimulator,
  type Scenario,
} from '../src';
import { rawGet } from './http-raw';
import { ok } from './sim-call';
import { closeAgents, sdkClient, type RedisClient } from './v3-sdk';

const ORDERS = DEMO_IDS.clusterRedisId;
const SCENARIO: Scenario = { ...DEMO_SCENARIO, v3: { rateLimits: false } };
const clock = new ManualClock();
let sim: CrsSimulator;
let client: RedisClient;

beforeAll(async () => {
  sim = await startCrsSimulator({ clock, scenario: SCENARIO, seed: 3 });
  client = sdkClient(sim.port);
});
afterAll(async () => {
  closeAgents();
  await sim.close();
});
beforeEach(() => {
  sim.setScenario(SCENARIO);
  sim.reset();
});

interface ShardUrl {
  name: string;
  size: number;
  url: string;
  inner: string;
}

async function exportedFiles(): Promise<ShardUrl[]> {
  const answer = await client.DescribeBackupUrl({ InstanceId: ORDERS, BackupId: DEMO_IDS.exportedBackupId });
  return (answer.BackupInfos ?? []).map((info) => ({
    name: info.FileName ?? '',
    size: info.FileSize ?? 0,
    url: info.DownloadUrl ?? '',
    inner: info.InnerDownloadUrl ?? '',
  }));
}

function walk(file: Buffer): ReturnType<RdbWalker['end']> {
  const walker = new RdbWalker();
  walker.write(file);
  return walker.end();
}

function cosError(body: Buffer): { code: string; message: string } {
  const text = body.toString('utf8');
  expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error>/);
  return {
    code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? '',
    message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? '',
  };
}

describe('COS-like URLs', () => {
  it('serves each shard file: exactly FileSize bytes, a valid RDB file of the engine version, its own keys', async () => {
    const files = await exportedFiles();
    expect(files).toHaveLength(3);
    const expected = sim.files(ORDERS, DEMO_IDS.exportedBackupId)?.v3 ?? [];
    for (const [i, file] of files.entries()) {
      const answer = await rawGet(file.url);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-length']).toBe(String(file.size));
      expect(answer.headers['accept-ranges']).toBe('bytes');
      expect(answer.headers['x-cos-request-id']).toEqual(expect.any(String));
      expect(answer.body).toHaveLength(file.size);
      expect(answer.body.subarray(0, 9).toString('ascii')).toBe('REDIS0010');
      const summary = walk(answer.body);
      expect(summary.checksum.status).toBe('verified');
      expect(summary.keys).toBe(expected[i]?.keys.total);
    }
  });

  it('accepts the URL for 6 hours (its q-sign-time adds a minute), then answers 403 with XML', async () => {
    const [file] = await exportedFiles();
    expect(decodeURIComponent(file?.url ?? '')).toMatch(/q-sign-time=(\d+);(\d+)/);
    const [, start, end] = /q-sign-time=(\d+);(\d+)/.exec(decodeURIComponent(file?.url ?? '')) ?? [];
    expect(Number(end) - Number(start)).toBe(21_660);
    clock.advance(6 * 3600_000);
    expect((await rawGet(file?.url ?? '')).status).toBe(200);
    clock.advance(61_000);
    const expired = await rawGet(file?.url ?? '');
    expect(expired.status).toBe(403);
    expect(expired.headers['content-type']).toBe('application/xml');
    expect(cosError(expired.body)).toEqual({ code: 'AccessDenied', message: 'Request has expired' });
  });

  it('refuses a changed signature, a missing one, and a signature moved to another file', async () => {
    const [first, second] = await exportedFiles();
    const url = new URL(first?.url ?? '');
    const sign = new URLSearchParams(url.searchParams.get('sign') ?? '');
    sign.set('q-signature', '0'.repeat(40));
    url.searchParams.set('sign', sign.toString());
    expect(cosError((await rawGet(url.toString())).body).code).toBe('SignatureDoesNotMatch');
    expect(cosError((await rawGet(first?.url.split('?')[0] ?? '')).body).code).toBe('AccessDenied');
    const moved = `${second?.url.split('?')[0] ?? ''}?${first?.url.split('?')[1] ?? ''}`;
    const answer = await rawGet(moved);
    expect(answer.status).toBe(403);
    expect(cosError(answer.body).code).toBe('SignatureDoesNotMatch');
  });

  it('refuses the public URL under LimitOnlyIntranet, and serves the intranet one', async () => {
    await client.ModifyBackupDownloadRestriction({ LimitType: 'LimitOnlyIntranet' });
    const [file] = await exportedFiles();
    const publicAnswer = await rawGet(file?.url ?? '');
    expect(publicAnswer.status).toBe(403);
    expect(cosError(publicAnswer.body).code).toBe('AccessDenied');
    expect((await rawGet(file?.inner ?? '')).status).toBe(200);
    // A LimitType in the request wins over the region's setting.
    const open = await client.DescribeBackupUrl({
      InstanceId: ORDERS,
      BackupId: DEMO_IDS.exportedBackupId,
      LimitType: 'NoLimit',
    });
    expect((await rawGet(open.BackupInfos?.[0]?.DownloadUrl ?? '')).status).toBe(200);
  });

  it('serves single ranges (206 with Content-Range), answers 416 for an unsatisfiable one, and HEAD', async () => {
    const [file] = await exportedFiles();
    const whole = (await rawGet(file?.url ?? '')).body;
    const size = whole.length;
    const part = await rawGet(file?.url ?? '', { range: 'bytes=100-1099' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-1099/${size}`);
    expect(part.headers['content-length']).toBe('1000');
    expect(part.body.equals(whole.subarray(100, 1100))).toBe(true);
    const tail = await rawGet(file?.url ?? '', { range: 'bytes=-8' });
    expect(tail.body.equals(whole.subarray(size - 8))).toBe(true);
    const rest = await rawGet(file?.url ?? '', { range: `bytes=${size - 10}-` });
    expect(rest.headers['content-range']).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    const beyond = await rawGet(file?.url ?? '', { range: `bytes=${size}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${size}`);
    expect(cosError(beyond.body).code).toBe('InvalidRange');
    const head = await rawGet(file?.url ?? '', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(size));
    expect(head.body).toHaveLength(0);
    expect(sim.calls({ action: 'download' }).map((call) => call.params['range'] ?? null)).toEqual([
      null,
      'bytes=100-1099',
      'bytes=-8',
      `bytes=${size - 10}-`,
      `bytes=${size}-`,
      null,
    ]);
  });

  it('answers 400 for a malformed % escape in a download path, on both download routes', async () => {
    const [file] = await exportedFiles();
    const broken = (file?.url ?? '').replace(/-ignore\.rdb\?/, '-ignore%E0%A4%A.rdb?');
    const cos = await rawGet(broken);
    expect(cos.status).toBe(400);
    expect(cosError(cos.body).code).toBe('InvalidURI');
    const v2 = await rawGet(`${sim.url}/download/%E0%A4%A.rdb`);
    expect(v2.status).toBe(400);
    expect(JSON.parse(v2.body.toString('utf8'))).toMatchObject({ error: expect.stringContaining('malformed') });
  });

  it('answers 404 NoSuchKey for an object path it does not hold', async () => {
    const [file] = await exportedFiles();
    const other = (file?.url ?? '').replace(/\/redis\/\d+\//, '/redis/1000000/');
    expect((await rawGet(other)).status).toBe(403);
    sim.setScenario({ ...SCENARIO, instances: [] });
    const gone = await rawGet(file?.url ?? '');
    expect(gone.status).toBe(404);
    expect(cosError(gone.body).code).toBe('NoSuchKey');
  });
});

describe('download faults', () => {
  let clean: Buffer;
  let url: string;

  beforeEach(async () => {
    const files = await exportedFiles();
    url = files[1]?.url ?? '';
    clean = (await rawGet(url)).body;
    sim.clearCalls();
  });

  it('flips one bit: same length, one byte differs, and the CRC no longer checks out', async () => {
    sim.setFaults({ download: { files: [{ fault: 'flipBit', atFraction: 0.25 }] } });
    const { body } = await rawGet(url);
    expect(body).toHaveLength(clean.length);
    const differing = [...body.keys()].filter((i) => body[i] !== clean[i]);
    expect(differing).toEqual([Math.floor(clean.length * 0.25)]);
    expect(() => walk(body)).toThrow();
    expect(sim.calls({ action: 'download' })[0]).toMatchObject({ downloadFault: 'flipBit', httpStatus: 200 });
  });

  it('truncates the body: a complete answer of fewer bytes than FileSize, a prefix of the file', async () => {
    sim.setFaults({ download: { files: [{ fault: 'truncate', atFraction: 0.5 }] } });
    const answer = await rawGet(url);
    expect(answer.complete).toBe(true);
    expect(answer.body.length).toBe(Math.floor(clean.length * 0.5));
    expect(answer.headers['content-length']).toBe(String(answer.body.length));
    expect(answer.body.equals(clean.subarray(0, answer.body.length))).toBe(true);
  });

  it('writes a wrong CRC trailer: only the last 8 bytes differ', async () => {
    sim.setFaults({ download: { files: [{ fault: 'badCrc' }] } });
    const { body } = await rawGet(url);
    expect(body.subarray(0, -8).equals(clean.subarray(0, -8))).toBe(true);
    expect(body.subarray(-8).equals(clean.subarray(-8))).toBe(false);
    expect(() => walk(body)).toThrow(/checksum|CRC/i);
  });

  it('announces a wrong Content-Length: more bytes than come (the body never completes), or fewer', async () => {
    sim.setFaults({ download: { files: [{ fault: 'wrongContentLength', lengthDelta: 16 }] } });
    const longer = await rawGet(url);
    expect(longer.headers['content-length']).toBe(String(clean.length + 16));
    expect(longer.complete).toBe(false);
    expect(longer.body.equals(clean)).toBe(true);
    sim.setFaults({ download: { files: [{ fault: 'wrongContentLength', lengthDelta: -16 }] } });
    const shorter = await rawGet(url);
    expect(shorter.headers['content-length']).toBe(String(clean.length - 16));
    expect(shorter.body.equals(clean.subarray(0, clean.length - 16))).toBe(true);
  });

  it('drops the connection in the middle of the body', async () => {
    sim.setFaults({ download: { files: [{ fault: 'dropConnection', atFraction: 0.5 }] } });
    const answer = await rawGet(url);
    expect(answer.headers['content-length']).toBe(String(clean.length));
    expect(answer.complete).toBe(false);
    expect(answer.body.length).toBeLessThan(clean.length);
    expect(answer.body.equals(clean.subarray(0, answer.body.length))).toBe(true);
  });

  it('sends a slow body that still arrives whole', async () => {
    sim.setFaults({ download: { files: [{ fault: 'slow', bytesPerSecond: 2_000_000 }] } });
    const answer = await rawGet(url);
    expect(answer.complete).toBe(true);
    expect(answer.body.equals(clean)).toBe(true);
    expect(sim.calls({ action: 'download' })[0]?.downloadFault).toBe('slow');
  });

  it('hits only the selected shard, once: the first download of shard 2 truncated, the retry fine', async () => {
    sim.setFaults({ download: { files: [{ fault: 'truncate', shard: 2, times: 1 }] } });
    const files = await exportedFiles();
    expect((await rawGet(files[0]?.url ?? '')).body).toHaveLength(files[0]?.size ?? -1);
    expect((await rawGet(files[1]?.url ?? '')).body.length).toBeLessThan(files[1]?.size ?? 0);
    expect((await rawGet(files[1]?.url ?? '')).body).toHaveLength(files[1]?.size ?? -1);
    expect(sim.calls({ action: 'download' }).map((call) => [call.params['shard'], call.downloadFault])).toEqual([
      ['1', null],
      ['2', 'truncate'],
      ['2', null],
    ]);
  });

  it('answers an HTTP error for the download key, with an XML body', async () => {
    sim.setFaults({ download: { httpErrorRate: 1, httpStatuses: [503] } });
    const answer = await rawGet(url);
    expect(answer.status).toBe(503);
    expect(cosError(answer.body).code).toBe('InternalError');
    expect(sim.calls({ action: 'download' })[0]).toMatchObject({ fault: 'httpError', httpStatus: 503 });
  });

  it('applies to v2 downloads too, selected by api', async () => {
    sim.setFaults({ download: { files: [{ fault: 'truncate', api: 'v2', atFraction: 0.1 }] } });
    const v2 = await ok(sim, 'GetBackupDownloadUrl', { redisId: ORDERS, backupId: DEMO_IDS.exportedBackupId });
    const v2Answer = await rawGet(v2.data?.['extranet'] as string);
    expect(v2Answer.body.length).toBe(Math.floor(65_536 * 0.1));
    expect((await rawGet(url)).body).toHaveLength(clean.length);
  });

  it('refuses file faults outside the download key, API codes under it, and unknown fault kinds', () => {
    expect(() => sim.setFaults({ DescribeBackupUrl: { files: [{ fault: 'truncate' }] } })).toThrow(FaultConfigError);
    expect(() => sim.setFaults({ download: { errorRate: 1 } })).toThrow(/download.errorRate/);
    let problems: string[] = [];
    try {
      sim.setFaults({ download: { files: [{ fault: 'explode', rate: 2 }] } });
    } catch (error) {
      problems = (error as FaultConfigError).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('download.files[0].fault'),
        expect.stringContaining('download.files[0].rate'),
      ]),
    );
  });
});

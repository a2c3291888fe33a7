// The archive's progress in `watch`: the bar, bytes, files, speed and time left; the speed over samples.
import { describe, expect, it } from 'vitest';
import type { ExportArchive } from '@crs-export/contracts';
import { formatArchiveProgress, formatBytes, TransferRate } from '../src/archive-progress';
import { runCli } from '../src/run-cli';
import { capture, exportResource, startFakeExportApi } from './fake-export-api';

const MiB = 1024 * 1024;

function archive(bytesDone: number, states: ('PENDING' | 'TRANSFERRING' | 'VERIFIED')[]): ExportArchive {
  return {
    location: 's3://backups/prod/crs-j30wibe7/20261127T190000Z-1/',
    state: 'ARCHIVING',
    bytesDone,
    bytesTotal: null,
    manifest: null,
    files: states.map((state, index) => ({
      shard: index + 1,
      name: `shard-${index + 1}.rdb`,
      state,
      bytesDone: 0,
      sizeBytes: 100 * MiB,
      sha256: null,
      rdbVersion: null,
      keys: null,
    })),
  };
}

describe('the archive progress line', () => {
  it('shows the share of the bytes, the files verified, the speed and the time left', () => {
    expect(formatArchiveProgress(archive(150 * MiB, ['VERIFIED', 'TRANSFERRING', 'PENDING']), 25 * MiB)).toBe(
      '[############------------]  50%  150.0 MiB / 300.0 MiB  files 1/3  25.0 MiB/s  ETA 0:06',
    );
    expect(formatArchiveProgress(archive(0, ['PENDING']), null)).toBe(
      '[------------------------]   0%  0 B / 100.0 MiB  files 0/1',
    );
  });

  it('measures the speed over its samples and starts again when a transfer restarts', () => {
    const rate = new TransferRate();
    rate.add(0, 0);
    expect(rate.bytesPerSecond()).toBeNull();
    rate.add(1_000, 10 * MiB);
    rate.add(2_000, 30 * MiB);
    expect(rate.bytesPerSecond()).toBe(15 * MiB);
    rate.add(3_000, 5 * MiB);
    expect(rate.bytesPerSecond()).toBeNull();
  });

  it('formats sizes in binary units', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(3 * 1024 * MiB)]).toEqual(['512 B', '1.5 KiB', '3.0 GiB']);
  });

  it('is what watch prints while an export archives, and the archive is named when it ends', async () => {
    const answers = [
      exportResource({ state: 'ARCHIVING', archive: archive(0, ['TRANSFERRING', 'TRANSFERRING']) }),
      exportResource({ state: 'ARCHIVING', archive: archive(100 * MiB, ['VERIFIED', 'TRANSFERRING']) }),
      exportResource({
        state: 'SUCCEEDED',
        archive: { ...archive(200 * MiB, ['VERIFIED', 'VERIFIED']), state: 'COMPLETE', manifest: 's3://m.json' },
      }),
    ];
    let call = 0;
    const api = await startFakeExportApi(() => ({ status: 200, body: answers[Math.min(call++, 2)] }));
    try {
      const out = capture();
      const code = await runCli(['watch', 'export-x', '--interval', '100'], {
        out,
        err: capture(),
        env: { CRS_EXPORT_API_URL: api.url, CRS_EXPORT_API_KEY: 'k-0123456789abcdef' },
        cwd: '/',
        keyDirs: [],
        sleep: async () => undefined,
      });
      expect(code).toBe(0);
      expect(out.text()).toMatch(/ARCHIVING .*\[-{24}\] +0% {2}0 B \/ 200\.0 MiB {2}files 0\/2/);
      expect(out.text()).toMatch(/ARCHIVING .*\[#{12}-{12}\] +50% {2}100\.0 MiB \/ 200\.0 MiB {2}files 1\/2/);
      expect(out.text()).toContain(
        'archive  s3://backups/prod/crs-j30wibe7/20261127T190000Z-1/  (complete, manifest s3://m.json)',
      );
    } finally {
      await api.close();
    }
  });
});

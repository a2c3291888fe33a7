// The layout of an archive: stamps that sort and are safe in keys, directories that read back.
import { describe, expect, it } from 'vitest';
import { ArchiveDestinationError } from './archive-errors';
import { archiveDirOf, backupStamp, parseArchiveDir, parseBackupStamp, shardObjectName } from './archive-layout';

describe('archive layout', () => {
  it('stamps the backup start in UTC to the second', () => {
    expect(backupStamp('2026-11-28T03:00:00Z')).toBe('20261128T030000Z');
    expect(backupStamp('2026-11-28T11:00:00+08:00')).toBe('20261128T030000Z');
    expect(backupStamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)))).toBe('20260102T030405Z');
    expect(parseBackupStamp('20261128T030000Z')).toBe('2026-11-28T03:00:00Z');
    expect(parseBackupStamp('20261328T030000Z')).toBeNull();
  });

  it('sorts stamps as times sort', () => {
    const times = ['2026-11-28T03:00:00Z', '2025-12-31T23:59:59Z', '2026-01-01T00:00:00Z'];
    expect(times.map(backupStamp).sort()).toEqual([...times].sort().map(backupStamp));
  });

  it('names the directory and the shard files, and reads the directory back', () => {
    const dir = archiveDirOf({
      redisId: 'crs-j30wibe7',
      backupId: '3a07b27e-f744-11e6-babc-525400082493',
      backupStartedAt: '2026-11-28T11:00:00+08:00',
    });
    expect(dir).toBe('crs-j30wibe7/20261128T030000Z-3a07b27e-f744-11e6-babc-525400082493');
    expect(parseArchiveDir(dir)).toEqual({
      redisId: 'crs-j30wibe7',
      backupId: '3a07b27e-f744-11e6-babc-525400082493',
      backupStartedAt: '2026-11-28T03:00:00Z',
    });
    expect(shardObjectName(3)).toBe('shard-3.rdb');
    expect(parseArchiveDir('crs-1/not-a-stamp-x')).toBeNull();
  });

  it('refuses ids that could leave the directory, and bad times', () => {
    const ref = { redisId: 'crs-1', backupId: 'b', backupStartedAt: '2026-11-28T03:00:00Z' };
    expect(() => archiveDirOf({ ...ref, redisId: '../etc' })).toThrow(ArchiveDestinationError);
    expect(() => archiveDirOf({ ...ref, backupId: 'a/b' })).toThrow(ArchiveDestinationError);
    expect(() => archiveDirOf({ ...ref, backupStartedAt: 'yesterday' })).toThrow(ArchiveDestinationError);
    expect(() => shardObjectName(0)).toThrow(ArchiveDestinationError);
  });
});

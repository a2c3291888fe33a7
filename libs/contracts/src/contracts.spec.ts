import { describe, expect, it } from 'vitest';
import {
  BACKUP_ID_PATTERN,
  exportIdFor,
  initialExportStatus,
  isExportState,
  isTerminalExportState,
  PRODUCT_VERSION,
  REDIS_ID_PATTERN,
} from './index';

describe('export contracts', () => {
  it('derives one export id per backup, so a second start finds the running export', () => {
    expect(exportIdFor('crs-j30wibe7', '3a07b27e-f744-11e6-babc-525400082493')).toBe(
      'export-crs-j30wibe7-3a07b27e-f744-11e6-babc-525400082493',
    );
  });

  it('accepts Tencent-shaped ids and nothing else', () => {
    expect(REDIS_ID_PATTERN.test('crs-j30wibe7')).toBe(true);
    for (const bad of ['crs-J30WIBE7', 'crs-j30wibe', 'crs-j30wibe7x', 'cdb-j30wibe7', "crs-j30wibe7' OR 1=1"]) {
      expect(REDIS_ID_PATTERN.test(bad), bad).toBe(false);
    }
    expect(BACKUP_ID_PATTERN.test('3a07b27e-f744-11e6-babc-525400082493')).toBe(true);
    expect(BACKUP_ID_PATTERN.test('3a07b27e-f744-11e6-babc-52540008249')).toBe(false);
  });

  it('knows which states are terminal', () => {
    expect(
      ['SUCCEEDED', 'FAILED', 'CANCELLED'].every((state) => isExportState(state) && isTerminalExportState(state)),
    ).toBe(true);
    expect(isTerminalExportState('WAITING_FOR_TASK')).toBe(false);
    expect(isExportState('DONE')).toBe(false);
  });

  it('starts an export in VALIDATING with nothing known yet', () => {
    const status = initialExportStatus(
      { exportId: 'e', redisId: 'r', backupId: 'b', region: 'gz' },
      '2026-11-29T00:00:00.000Z',
    );
    expect(status).toMatchObject({
      state: 'VALIDATING',
      taskId: null,
      polls: 0,
      backup: null,
      files: null,
      requestedBackup: 'b',
      error: null,
      finishedAt: null,
    });
    expect(status.stateEnteredAt).toEqual({ VALIDATING: '2026-11-29T00:00:00.000Z' });
  });
});

describe('the product version', () => {
  it("is package.json's, so that manifests name the release that wrote them", async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(PRODUCT_VERSION).toBe(pkg.version);
  });
});

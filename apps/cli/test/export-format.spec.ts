// Text output of crs-export: the list table, the progress line, and the outcome with the download URLs.
import { describe, expect, it } from 'vitest';
import { formatElapsed, formatExportList, formatOutcome, formatProgressLine, formatTable } from '../src/export-format';
import { exportResource } from './fake-export-api';

describe('export formatting', () => {
  it('formats elapsed time as m:ss, and h:mm:ss past an hour', () => {
    expect(formatElapsed(75_000)).toBe('1:15');
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
    expect(formatElapsed(-5)).toBe('0:00');
  });

  it('aligns table columns to the widest cell', () => {
    expect(
      formatTable(
        ['A', 'BB'],
        [
          ['long', 'x'],
          ['s', 'y'],
        ],
      ),
    ).toBe('A     BB\nlong  x\ns     y');
  });

  it('lists exports with their state and times, and the next cursor', () => {
    const text = formatExportList([exportResource({ finishedAt: null })], 'c2');
    expect(text).toMatch(/WAITING_FOR_TASK\s+gz\s+2026-11-29T10:00:00.000Z\s+-/);
    expect(text).toMatch(/more: --cursor c2$/);
    expect(formatExportList([], null)).toBe('no exports');
  });

  it('puts state, task, polls and elapsed on one progress line', () => {
    expect(formatProgressLine(exportResource(), 12_000)).toBe(
      'export-crs-j30wibe7-3a07b27e-f744-11e6-babc-525400082493  WAITING_FOR_TASK  task 4711 running  polls 2  elapsed 0:12',
    );
  });

  it('ends a success with the download URLs and a failure with its code', () => {
    const files = [
      {
        shard: 1,
        name: 'x.rdb',
        sizeBytes: 4096,
        intranetUrl: 'http://in/x.rdb',
        extranetUrl: 'http://ex/x.rdb',
        expiresAt: '2026-11-29T22:00:00Z',
      },
      {
        shard: 2,
        name: 'y.rdb',
        sizeBytes: 4096,
        intranetUrl: 'http://in/y.rdb',
        extranetUrl: 'http://ex/y.rdb',
        expiresAt: '2026-11-29T22:00:00Z',
      },
    ];
    const outcome = formatOutcome(exportResource({ state: 'SUCCEEDED', files }), 5_000);
    expect(outcome).toContain('shard 1  extranet  http://ex/x.rdb');
    expect(outcome).toContain('shard 2  extranet  http://ex/y.rdb');
    expect(outcome).toContain('expires   2026-11-29T22:00:00Z');
    const error = {
      code: 11214,
      name: 'OnlyClusterInstanceCanExportBackup',
      message: 'not a cluster',
      retryable: false,
    };
    expect(formatOutcome(exportResource({ state: 'FAILED', error }), 5_000)).toContain(
      '11214 OnlyClusterInstanceCanExportBackup: not a cluster',
    );
  });
});

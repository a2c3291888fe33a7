// Destinations parse strictly and the allow-list holds on path-segment boundaries.
import { describe, expect, it } from 'vitest';
import { ArchiveDestinationError } from './archive-errors';
import { destinationBelow, isAllowedDestination, parseArchiveDestination } from './archive-destination';

describe('parseArchiveDestination', () => {
  it('reads an absolute directory, normalised', () => {
    expect(parseArchiveDestination('file:///data/archive/')).toEqual({
      kind: 'directory',
      path: '/data/archive',
      url: 'file:///data/archive',
    });
    expect(parseArchiveDestination('file://localhost/srv/My%20Backups')).toMatchObject({ path: '/srv/My Backups' });
    expect(parseArchiveDestination('file:///')).toEqual({ kind: 'directory', path: '/', url: 'file:///' });
  });

  it('reads a bucket with and without a prefix', () => {
    expect(parseArchiveDestination('s3://backups-1250000000/redis/prod/')).toEqual({
      kind: 's3',
      bucket: 'backups-1250000000',
      prefix: 'redis/prod',
      url: 's3://backups-1250000000/redis/prod',
    });
    expect(parseArchiveDestination('s3://my.bucket')).toMatchObject({ bucket: 'my.bucket', prefix: '' });
  });

  it.each([
    ['a relative path', 'file:relative/dir'],
    ['another host', 'file://fileserver/share'],
    ['a .. segment', 'file:///data/../etc'],
    ['an encoded .. segment', 'file:///data/%2e%2e/etc'],
    ['an encoded slash', 'file:///data%2Fetc'],
    ['a . segment', 's3://bucket/a/./b'],
    ['an S3 .. segment', 's3://bucket/a/../b'],
    ['an empty segment', 's3://bucket/a//b'],
    ['another scheme', 'https://bucket.s3.amazonaws.com/prefix'],
    ['a plain path', '/data/archive'],
    ['credentials in the URL', 's3://AKID:secret@bucket/prefix'],
    ['an upper-case bucket', 's3://Backups/x'],
    ['a too short bucket', 's3://ab'],
    ['an IP-like bucket', 's3://192.168.1.1/x'],
    ['a bucket with ..', 's3://a..b/x'],
    ['a query', 's3://bucket/x?versionId=1'],
    ['a control character', 'file:///data/\u0001x'],
    ['a prefix with spaces', 's3://bucket/my backups'],
  ])('refuses %s', (_what, url) => {
    expect(() => parseArchiveDestination(url)).toThrow(ArchiveDestinationError);
  });

  it('never repeats credentials in its message', () => {
    expect(() => parseArchiveDestination('s3://AKID:secret@bucket/x')).toThrow(/<credentials>@/);
    expect(() => parseArchiveDestination('s3://AKID:secret@bucket/x')).not.toThrow(/secret/);
  });

  it('names a destination below another', () => {
    const s3 = parseArchiveDestination('s3://bucket/base');
    expect(destinationBelow(s3, 'crs-1/20261128T030000Z-b').url).toBe('s3://bucket/base/crs-1/20261128T030000Z-b');
    const dir = parseArchiveDestination('file:///data');
    expect(destinationBelow(dir, 'crs-1/x')).toMatchObject({ path: '/data/crs-1/x' });
  });
});

describe('isAllowedDestination', () => {
  const allowed = ['s3://bkt/backups', 'file:///data/archive'];

  it('allows the destinations and what lies under them', () => {
    expect(isAllowedDestination('s3://bkt/backups', allowed)).toBe(true);
    expect(isAllowedDestination('s3://bkt/backups/team-a/', allowed)).toBe(true);
    expect(isAllowedDestination('file:///data/archive/crs-1', allowed)).toBe(true);
  });

  it('refuses a sibling whose name only starts the same, another bucket, another kind', () => {
    expect(isAllowedDestination('s3://bkt/backups-evil', allowed)).toBe(false);
    expect(isAllowedDestination('s3://bkt', allowed)).toBe(false);
    expect(isAllowedDestination('s3://other/backups', allowed)).toBe(false);
    expect(isAllowedDestination('file:///data/archive-evil', allowed)).toBe(false);
    expect(isAllowedDestination('file:///b/backups', allowed)).toBe(false);
  });

  it('refuses an escape by .. and anything that does not parse', () => {
    expect(isAllowedDestination('file:///data/archive/../../etc', allowed)).toBe(false);
    expect(isAllowedDestination('file:///data/../etc', ['file:///data'])).toBe(false);
    expect(isAllowedDestination('s3://bkt/backups/../x', allowed)).toBe(false);
    expect(isAllowedDestination('not a url', allowed)).toBe(false);
  });

  it('allows nothing with an empty or unparseable list, everything under a bucket root or /', () => {
    expect(isAllowedDestination('s3://bkt/backups', [])).toBe(false);
    expect(isAllowedDestination('s3://bkt/backups', ['s3://bkt/backups/../'])).toBe(false);
    expect(isAllowedDestination('s3://bkt/anything/at/all', ['s3://bkt'])).toBe(true);
    expect(isAllowedDestination('file:///any/where', ['file:///'])).toBe(true);
  });
});

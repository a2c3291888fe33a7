// Argument parsing of crs-export: each command's shape, and usage errors for what it does not take.
import { describe, expect, it } from 'vitest';
import { parseCliArgs, parseDuration, UsageError } from '../src/cli-args';

describe('parseCliArgs', () => {
  it('parses start with region, watch and json', () => {
    expect(parseCliArgs(['start', 'crs-j30wibe7', 'b-1', '--region', 'sh', '--watch', '--json'])).toEqual({
      command: {
        kind: 'start',
        redisId: 'crs-j30wibe7',
        backupId: 'b-1',
        region: 'sh',
        watch: true,
        intervalMs: 1000,
        urls: false,
      },
      json: true,
      apiUrl: undefined,
    });
  });

  it('turns list filters into the query the API takes, upper-casing the state', () => {
    expect(parseCliArgs(['list', '--redis-id', 'crs-a', '--state', 'failed', '--limit', '5']).command).toEqual({
      kind: 'list',
      filter: { redisId: 'crs-a', state: 'FAILED', limit: 5 },
    });
  });

  it('reads watch intervals with units', () => {
    expect(parseCliArgs(['watch', 'export-x', '--interval', '2s']).command).toEqual({
      kind: 'watch',
      exportId: 'export-x',
      intervalMs: 2000,
      urls: false,
    });
    expect(parseCliArgs(['status', 'export-x', '--urls']).command).toEqual({
      kind: 'status',
      exportId: 'export-x',
      urls: true,
    });
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1m')).toBe(60_000);
  });

  it('shows help with no command, help or --help', () => {
    for (const argv of [[], ['help'], ['status', '--help']]) expect(parseCliArgs(argv).command.kind).toBe('help');
  });

  it.each([
    [['bogus'], /unknown command/],
    [['status'], /status takes <exportId>/],
    [['start', 'crs-a'], /start takes <redisId> <backupId>/],
    [['status', 'x', '--reason', 'r'], /status does not take --reason/],
    [['list', '--state', 'DONE'], /--state must be one of/],
    [['list', '--limit', '0'], /--limit must be/],
    [['watch', 'x', '--interval', 'soon'], /not a duration/],
    [['list', '--api-url', 'ftp://x'], /--api-url must be an http/],
    [['list', '--nope'], /Unknown option/],
  ])('rejects %j as a usage error', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

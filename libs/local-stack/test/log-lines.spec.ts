// How npm start reads a service's log line: one shape for our services, Temporal's own names, plain text.
import { describe, expect, it } from 'vitest';
import { levelOf, shouldShow } from '../src';

describe('levelOf', () => {
  it('reads the level name of the API, worker and simulator lines', () => {
    expect(levelOf('{"time":"2026-12-02T00:00:00.000Z","level":"info","name":"api","msg":"request"}')).toBe('info');
    expect(levelOf('{"time":"2026-12-02T00:00:00.000Z","level":"warn","msg":"shutting down"}')).toBe('warn');
    expect(levelOf('{"level":"error","msg":"worker failed"}')).toBe('error');
  });

  it("maps Temporal's own names (zap) onto ours", () => {
    expect(levelOf('{"level":"dpanic","msg":"x"}')).toBe('error');
    expect(levelOf('{"level":"debug","msg":"x"}')).toBe('debug');
  });

  it('says null for lines that are not JSON, and quiet mode shows them', () => {
    expect(levelOf('panic: runtime error')).toBeNull();
    expect(shouldShow('panic: runtime error', 'warn')).toBe(true);
    expect(shouldShow('{"level":"info","msg":"x"}', 'warn')).toBe(false);
    expect(shouldShow('{"level":"info","msg":"x"}', 'all')).toBe(true);
  });
});

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOrBuildTemporalCli, TEMPORAL_CLI_VERSION, temporalCacheDir } from '../src/temporal-cli';

/** A stand-in `go` that records each call and "installs" a temporal binary into $GOBIN. */
function fakeGoToolchain(dir: string): { binDir: string; callLog: string } {
  const binDir = join(dir, 'bin');
  const callLog = join(dir, 'go-calls.log');
  mkdirSync(binDir, { recursive: true });
  writeFileSync(
    join(binDir, 'go'),
    `#!/bin/sh\necho "$@" >> "${callLog}"\nprintf '#!/bin/sh\\necho fake temporal\\n' > "$GOBIN/temporal"\nchmod +x "$GOBIN/temporal"\necho "github.com/temporalio/cli" >&2\n`,
  );
  chmodSync(join(binDir, 'go'), 0o755);
  return { binDir, callLog };
}

function calls(callLog: string): string[] {
  try {
    return readFileSync(callLog, 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

describe('Temporal CLI provisioning', () => {
  it('builds the pinned CLI once with go install, then reuses the cached binary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'temporal-cli-'));
    const { binDir, callLog } = fakeGoToolchain(dir);
    const env = { PATH: `${binDir}:/usr/bin:/bin`, CRS_EXPORT_CACHE_DIR: join(dir, 'cache') };
    const lines: string[] = [];

    const first = await findOrBuildTemporalCli((line) => lines.push(line), env);
    expect(first).toEqual({ source: 'built', path: join(temporalCacheDir(env), 'temporal') });
    expect(calls(callLog)).toEqual([`install -v github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`]);
    expect(lines.join('\n')).toMatch(/building the Temporal CLI v1\.5\.1/);

    const second = await findOrBuildTemporalCli(() => undefined, env);
    expect(second).toEqual({ source: 'cache', path: first?.path });
    expect(calls(callLog)).toHaveLength(1);
  });

  it('prefers a temporal binary on PATH and builds nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'temporal-cli-'));
    const { binDir, callLog } = fakeGoToolchain(dir);
    writeFileSync(join(binDir, 'temporal'), '#!/bin/sh\n');
    chmodSync(join(binDir, 'temporal'), 0o755);
    const env = { PATH: `${binDir}:/usr/bin:/bin`, CRS_EXPORT_CACHE_DIR: join(dir, 'cache') };
    expect(await findOrBuildTemporalCli(() => undefined, env)).toEqual({
      source: 'path',
      path: join(binDir, 'temporal'),
    });
    expect(calls(callLog)).toEqual([]);
  });

  it('returns null without a CLI and without Go, so callers fall back to the SDK download', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'temporal-cli-'));
    const env = { PATH: join(dir, 'empty'), CRS_EXPORT_CACHE_DIR: join(dir, 'cache') };
    expect(await findOrBuildTemporalCli(() => undefined, env)).toBeNull();
  });

  it('reports a failed build with the tail of go output and leaves no binary behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'temporal-cli-'));
    const binDir = join(dir, 'bin');
    mkdirSync(binDir);
    writeFileSync(join(binDir, 'go'), '#!/bin/sh\necho "go: module lookup disabled" >&2\nexit 1\n');
    chmodSync(join(binDir, 'go'), 0o755);
    const env = { PATH: `${binDir}:/usr/bin:/bin`, CRS_EXPORT_CACHE_DIR: join(dir, 'cache') };
    await expect(findOrBuildTemporalCli(() => undefined, env)).rejects.toThrow(/exit 1[\s\S]*module lookup disabled/);
    await expect(findOrBuildTemporalCli(() => undefined, env)).rejects.toThrow(/failed/);
  });
});

// The example Prometheus alert rules (deploy/prometheus) pass Prometheus's own promtool: they parse, and
// their unit tests show "no complete archive for 26 hours" firing for a stale instance and not for a fresh one.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(__dirname, '..', '..', '..');
const rulesDir = join(repoRoot, 'deploy', 'prometheus');

function promtool(): string {
  return (
    execFileSync(join(repoRoot, 'tools', 'ci', 'ensure-promtool.sh'), { encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1) ?? ''
  );
}

describe('the example alert rules', () => {
  it('are valid rules whose unit tests pass', { timeout: 120_000 }, () => {
    const tool = promtool();
    const check = spawnSync(tool, ['check', 'rules', 'crs-export-alerts.yml'], { cwd: rulesDir, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('SUCCESS: 2 rules found');
    const tests = spawnSync(tool, ['test', 'rules', 'crs-export-alerts.test.yml'], { cwd: rulesDir, encoding: 'utf8' });
    expect(tests.status, tests.stdout + tests.stderr).toBe(0);
    expect(tests.stdout).toContain('SUCCESS');
  });

  it('use the metric names the API exports', () => {
    const rules = readFileSync(join(rulesDir, 'crs-export-alerts.yml'), 'utf8');
    const gauges = ['last-success.gauge.ts', 'exports-by-state.gauge.ts']
      .map((file) => readFileSync(join(repoRoot, 'apps', 'api', 'src', 'metrics', file), 'utf8'))
      .join('\n');
    const used = [...new Set(rules.match(/crs_export_[a-z_]+/g) ?? [])];
    expect(used.sort()).toEqual(['crs_export_exports', 'crs_export_last_success_timestamp_seconds']);
    for (const name of used) expect(gauges).toContain(`name: '${name}'`);
  });
});

// The hardening rules of tools/ci/check-compose.sh (tools/ci/check-compose-hardening.ts): docker-compose.yml and
// the production dynamic config pass them, and each rule catches what it is there for.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');
const COMPOSE = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const DYNAMIC_CONFIG_DIR = join(ROOT, 'deploy', 'temporal', 'dynamicconfig');
const scratch = mkdtempSync(join(tmpdir(), 'compose-hardening-'));
let runs = 0;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The check's FAIL lines for a compose file (and a dynamic config directory); [] when it passes. */
function problems(compose: string, dynamicConfigDir = DYNAMIC_CONFIG_DIR): string[] {
  const file = join(scratch, `compose-${(runs += 1)}.yml`);
  writeFileSync(file, compose);
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT, 'tools', 'run-ts.cjs'),
      join(ROOT, 'tools', 'ci', 'check-compose-hardening.ts'),
      file,
      dynamicConfigDir,
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  const failures = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('[compose] FAIL '))
    .map((line) => line.slice('[compose] FAIL '.length));
  expect(run.status).toBe(failures.length > 0 ? 1 : 0);
  if (failures.length === 0) expect(run.stdout).toContain('[compose] PASS hardening');
  return failures;
}

/** docker-compose.yml with one text replaced (the text must be there). */
function changed(from: string | RegExp, to: string): string {
  const text = COMPOSE.replace(from, to);
  expect(text).not.toBe(COMPOSE);
  return text;
}

describe('the compose hardening rules', () => {
  it('pass on docker-compose.yml and the production dynamic config', () => {
    expect(problems(COMPOSE)).toEqual([]);
  });

  it('want read_only, cap_drop ALL, no-new-privileges and init on every service built here', () => {
    const found = problems(changed(/^ {4}<<: \*hardening\n/gm, ''));
    for (const service of ['api', 'worker', 'codec-server', 'crs-simulator', 'cli']) {
      for (const rule of ['read_only: true', 'cap_drop: [ALL]', 'security_opt: [no-new-privileges:true]', 'init: true'])
        expect(found).toContainEqual(expect.stringContaining(`service ${service}: ${rule}`));
    }
    expect(problems(changed('  read_only: true\n', '  read_only: true\n  cap_add: [NET_ADMIN]\n'))).toContainEqual(
      expect.stringMatching(/^service api: adds capabilities \(NET_ADMIN\)/),
    );
  });

  it('want the region passed to the API and the worker alike, its default left to libs/config', () => {
    const workerOnly = changed('  TENCENTCLOUD_REGION: ${TENCENTCLOUD_REGION:-}\n', '').replace(
      '      CRS_API_VERSION:',
      '      TENCENTCLOUD_REGION: ${TENCENTCLOUD_REGION:-gz}\n      CRS_API_VERSION:',
    );
    const found = problems(workerOnly);
    expect(found).toContainEqual(
      expect.stringMatching(/^TENCENTCLOUD_REGION differs between api, worker \(api: unset/),
    );
    expect(found).toContainEqual(expect.stringMatching(/^service worker: TENCENTCLOUD_REGION falls back to "gz"/));
  });

  it('want the codec keys alike everywhere, secrets from .env, ports on 127.0.0.1', () => {
    const literal = changed(/^( {6})<<: \*codec-env\n/m, '$1CODEC_KEYS: k-1:written-in-the-file\n');
    expect(problems(literal)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^CODEC_KEYS differs between api, worker, codec-server/),
        expect.stringMatching(/^service codec-server: CODEC_KEYS is written in the file/),
      ]),
    );
    expect(problems(changed("'127.0.0.1:${API_PORT:-3000}:3000'", "'${API_PORT:-3000}:3000'"))).toEqual([
      expect.stringMatching(/^service api: port .* is not bound to 127.0.0.1/),
    ]);
  });

  it('refuse a test-only setting in the production dynamic config', () => {
    const dir = join(scratch, 'dynamicconfig');
    cpSync(DYNAMIC_CONFIG_DIR, dir, { recursive: true });
    const file = join(dir, 'crs-export.yaml');
    writeFileSync(
      file,
      `${readFileSync(file, 'utf8')}\nsystem.forceSearchAttributesCacheRefreshOnRead:\n  - value: true\n`,
    );
    expect(problems(COMPOSE, dir)).toEqual([
      expect.stringMatching(/crs-export\.yaml: system\.forceSearchAttributesCacheRefreshOnRead is a testing aid/),
    ]);
  });
});

// `crs-export keys create|list|revoke` on a real keys file: the key printed once and stored only as a hash,
// lists without hashes, revocation, where the file is found, and usage errors.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkApiKeyToken } from '@crs-export/api-keys';
import { expiryOf } from '../src/keys-commands';
import { runCli } from '../src/run-cli';
import { capture } from './fake-export-api';

async function keys(argv: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'crs-cli-keys-'));
  const out = capture();
  const err = capture();
  const code = await runCli(['keys', ...argv], { out, err, env: options.env ?? {}, cwd, keyDirs: [cwd] });
  return { code, out: out.text(), err: err.text(), cwd };
}

describe('crs-export keys', () => {
  it('creates a key, prints it once, and keeps only its hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crs-cli-keys-'));
    const file = join(dir, 'api-keys.json');
    const created = await keys(['create', '--file', file, '--scopes', 'read,export', '--note', 'nightly job']);
    expect(created.code).toBe(0);
    const token = /crs_[0-9a-f]{12}_[\w-]{43}/.exec(created.out)?.[0] ?? '';
    expect(created.out).toMatch(/created key [0-9a-f]{12} in .*api-keys\.json \(scopes read, export; expires never/);
    expect(created.out).toContain('only time the key is shown');
    expect(readFileSync(file, 'utf8')).not.toContain(token.slice(-43));
    expect(await checkApiKeyToken({ file, token })).toMatchObject({ ok: true });

    const listed = await keys(['list', '--file', file]);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(
      /^ID\s+STATE\s+SCOPES\s+EXPIRES\s+CREATED\s+NOTE\n[0-9a-f]{12}\s+active\s+read,export\s+never/,
    );
    expect(listed.out).toContain('nightly job');
    expect(listed.out).not.toMatch(/hmac|crs_/);

    const id = token.slice(4, 16);
    const revoked = await keys(['revoke', id, '--file', file]);
    expect(revoked.code).toBe(0);
    expect(revoked.out).toContain(`revoked key ${id}`);
    expect(await checkApiKeyToken({ file, token })).toMatchObject({ ok: false, reason: 'revoked' });
    const json = await keys(['list', '--file', file, '--json']);
    const [entry] = JSON.parse(json.out) as Record<string, unknown>[];
    expect(entry).toMatchObject({ id, state: 'revoked', scopes: ['read', 'export'], note: 'nightly job' });
    expect(Object.keys(entry ?? {})).not.toContain('hash');
  });

  it('prints one JSON document with the key for scripts, and finds the file in API_KEYS_FILE', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'crs-cli-keys-')), 'keys.json');
    const created = await keys(['create', '--scopes', 'all', '--expires', '30d', '--json'], {
      env: { API_KEYS_FILE: file },
    });
    const body = JSON.parse(created.out) as { key: string; id: string; scopes: string[]; expiresAt: string };
    expect(body.scopes).toEqual(['read', 'export', 'admin', 'urls']);
    expect(body.key.slice(4, 16)).toBe(body.id);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(await checkApiKeyToken({ file, token: body.key })).toMatchObject({ ok: true, keyId: body.id });
  });

  it("uses npm start's .data/api-keys.json when no file is named", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'crs-cli-keys-'));
    mkdirSync(join(cwd, '.data'));
    const file = join(cwd, '.data', 'api-keys.json');
    expect((await keys(['create', '--file', file, '--scopes', 'read'], { cwd })).code).toBe(0);
    const listed = await keys(['list'], { cwd });
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/active\s+read/);
  });

  it.each([
    [['create', '--file', 'k.json'], /keys create needs --scopes: read \(/],
    [['create', '--file', 'k.json', '--scopes', 'read,write'], /--scopes: not a scope: write/],
    [['create', '--file', 'k.json', '--scopes', 'read', '--expires', 'soon'], /--expires: not a duration/],
    [['create', '--file', 'k.json', '--scopes', 'read', '--expires', '2001-01-01'], /not in the future/],
    [['create', '--scopes', 'read'], /which keys file\? pass --file PATH or set API_KEYS_FILE/],
    [['list', '--scopes', 'read', '--file', 'k.json'], /keys list does not take --scopes/],
    [['revoke', '--file', 'k.json'], /keys revoke takes <keyId>/],
    [['rotate'], /unknown keys command: rotate/],
  ])('answers %j with a usage error (exit 2)', async (argv, message) => {
    const result = await keys(argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });

  it('exits 3 naming the problem for a missing file or an unknown key', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'crs-cli-keys-')), 'api-keys.json');
    expect(await keys(['list', '--file', file])).toMatchObject({
      code: 3,
      err: expect.stringContaining('no such keys file'),
    });
    await keys(['create', '--file', file, '--scopes', 'read']);
    expect(await keys(['revoke', '0123456789ab', '--file', file])).toMatchObject({
      code: 3,
      err: expect.stringContaining(`no key 0123456789ab in ${file}`),
    });
  });

  it('reads expiries as durations, dates and never', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(expiryOf('90d', now)?.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(expiryOf('12h', now)?.toISOString()).toBe('2026-01-01T12:00:00.000Z');
    expect(expiryOf('2027-01-31', now)?.toISOString()).toBe('2027-01-31T00:00:00.000Z');
    expect(expiryOf('never', now)).toBeNull();
  });
});

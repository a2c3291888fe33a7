// The local stack's API key: a demo key made once (its hash in api-keys.json, the key in api-key for the CLI),
// kept across runs, replaced when revoked or of the old plain-text form; API_KEYS_FILE and given keys as they are.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_KEY_SCOPES, ApiKeyStore, newApiKeyToken, revokeApiKey, WeakApiKeyError } from '@crs-export/api-keys';
import { resolveApiKey } from '../src/api-key';

const dataDirOf = (): string => mkdtempSync(join(tmpdir(), 'stack-api-key-'));

function scopesOf(keysFile: string, token: string): string[] | null {
  const store = ApiKeyStore.open({ file: keysFile, watch: false });
  try {
    const check = store.verify(token);
    return check.ok ? [...check.scopes] : null;
  } finally {
    store.close();
  }
}

describe('resolveApiKey', () => {
  it('makes a demo key with every scope once, keeps it in plain text only for the CLI, and reuses it', async () => {
    const dataDir = dataDirOf();
    const first = await resolveApiKey({ dataDir, env: {} });
    expect(first).toMatchObject({ source: 'generated', keysFile: join(dataDir, 'api-keys.json') });
    expect(first.key).toMatch(/^crs_[0-9a-f]{12}_/);
    expect(readFileSync(join(dataDir, 'api-key'), 'utf8').trim()).toBe(first.key);
    expect(statSync(join(dataDir, 'api-key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.keysFile, 'utf8')).not.toContain(first.key.slice(-43));
    expect(scopesOf(first.keysFile, first.key)).toEqual([...API_KEY_SCOPES]);
    const second = await resolveApiKey({ dataDir, env: {} });
    expect(second).toMatchObject({ source: 'persisted', key: first.key });
  });

  it('makes a new demo key when the kept one was revoked or is of the old plain-text form', async () => {
    const dataDir = dataDirOf();
    const first = await resolveApiKey({ dataDir, env: {} });
    await revokeApiKey({ file: first.keysFile, id: first.key.slice(4, 16) });
    const renewed = await resolveApiKey({ dataDir, env: {} });
    expect(renewed.source).toBe('generated');
    expect(renewed.key).not.toBe(first.key);
    const legacy = dataDirOf();
    writeFileSync(join(legacy, 'api-key'), 'crsx_0123456789abcdefABCDEFghijklmnop\n');
    expect((await resolveApiKey({ dataDir: legacy, env: {} })).source).toBe('generated');
  });

  it('leaves the keys to API_KEYS_FILE when it is set, and adds a given key to the stack own file', async () => {
    const dataDir = dataDirOf();
    expect(await resolveApiKey({ dataDir, env: { API_KEYS_FILE: '/etc/crs/api-keys.json' } })).toEqual({
      key: '',
      keysFile: '/etc/crs/api-keys.json',
      pepperFile: '/etc/crs/api-keys.pepper',
      source: 'API_KEYS_FILE',
      file: null,
    });
    const { token } = newApiKeyToken();
    const given = await resolveApiKey({ dataDir, env: {}, given: token });
    expect(given).toMatchObject({ source: 'given', key: token, file: null });
    expect(scopesOf(given.keysFile, token)).toEqual([...API_KEY_SCOPES]);
    await expect(resolveApiKey({ dataDir, env: {}, given: 'e2e-key-0123456789abcdef' })).rejects.toThrow(
      WeakApiKeyError,
    );
  });
});

// Managing a keys file: hashes only, mode 0600, atomic replacement, revocation kept, concurrent writers safe.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addApiKeyToken,
  ApiKeyNotFoundError,
  ApiKeysFileError,
  checkApiKeyToken,
  createApiKey,
  listApiKeys,
  newApiKeyToken,
  pepperFileFor,
  revokeApiKey,
  WeakApiKeyError,
} from '../src';

const keysFileIn = (): string => join(mkdtempSync(join(tmpdir(), 'api-keys-')), 'conf', 'api-keys.json');

describe('keys files', () => {
  it('creates a file and its pepper (mode 0600) holding the key hashed, never the key', async () => {
    const file = keysFileIn();
    const created = await createApiKey({ file, scopes: ['read', 'export'], note: 'ci pipeline' });
    expect(created.pepperCreated).toBe(true);
    expect(created.pepperFile).toBe(pepperFileFor(file));
    expect(created.pepperFile.endsWith('api-keys.pepper')).toBe(true);
    for (const path of [file, created.pepperFile]) expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    const secret = created.token.slice(created.token.lastIndexOf('_') + 1);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(created.token);
    expect(JSON.parse(text)).toMatchObject({
      version: 1,
      keys: [{ id: created.key.id, scopes: ['read', 'export'], note: 'ci pipeline', expiresAt: null, revokedAt: null }],
    });
    expect((JSON.parse(text) as { keys: { hash: string }[] }).keys[0]?.hash).toMatch(/^hmac-sha256:[\w-]{43}$/);
    expect(await checkApiKeyToken({ file, token: created.token })).toMatchObject({ ok: true, keyId: created.key.id });
    // No temporary or lock file is left beside it.
    expect(readdirSync(join(file, '..')).sort()).toEqual(['api-keys.json', 'api-keys.pepper']);
  });

  it('lists keys without hashes, with their state', async () => {
    const file = keysFileIn();
    const now = new Date('2026-01-01T00:00:00Z');
    const a = await createApiKey({ file, scopes: ['read'], now: () => now });
    const b = await createApiKey({
      file,
      scopes: ['admin'],
      expiresAt: new Date('2026-02-01T00:00:00Z'),
      now: () => now,
    });
    await revokeApiKey({ file, id: a.key.id, now: () => new Date('2026-01-02T00:00:00Z') });
    const listed = await listApiKeys(file, () => new Date('2026-03-01T00:00:00Z'));
    expect(listed.map((key) => [key.id, key.state])).toEqual([
      [a.key.id, 'revoked'],
      [b.key.id, 'expired'],
    ]);
    expect(listed[0]?.revokedAt).toBe('2026-01-02T00:00:00.000Z');
    expect(JSON.stringify(listed)).not.toMatch(/hmac-sha256|hash/);
  });

  it('refuses a revoked, an expired and a wrong key, naming why only when the secret matched', async () => {
    const file = keysFileIn();
    const revoked = await createApiKey({ file, scopes: ['read'] });
    await revokeApiKey({ file, id: revoked.key.id });
    expect(await checkApiKeyToken({ file, token: revoked.token })).toMatchObject({ ok: false, reason: 'revoked' });
    const wrongSecret = `crs_${revoked.key.id}_${newApiKeyToken().token.slice(-43)}`;
    expect(await checkApiKeyToken({ file, token: wrongSecret })).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(await checkApiKeyToken({ file, token: newApiKeyToken().token })).toMatchObject({ reason: 'unknown' });
    const soon = await createApiKey({ file, scopes: ['read'], expiresAt: new Date(Date.now() + 60_000) });
    const later = () => new Date(Date.now() + 120_000);
    expect(await checkApiKeyToken({ file, token: soon.token, now: later })).toMatchObject({ reason: 'expired' });
  });

  it('says what is wrong: unknown ids, missing files, a lost pepper, past expiries, weak given tokens', async () => {
    const file = keysFileIn();
    await expect(revokeApiKey({ file, id: '0123456789ab' })).rejects.toThrow(ApiKeysFileError);
    await expect(listApiKeys(file)).rejects.toThrow(/no such keys file/);
    await createApiKey({ file, scopes: ['read'] });
    await expect(revokeApiKey({ file, id: '0123456789ab' })).rejects.toThrow(ApiKeyNotFoundError);
    await expect(createApiKey({ file, scopes: ['read'], expiresAt: new Date(Date.now() - 1) })).rejects.toThrow(
      /not in the future/,
    );
    await expect(addApiKeyToken({ file, scopes: ['read'], token: 'test-key-0123456789abcdef' })).rejects.toThrow(
      WeakApiKeyError,
    );
    writeFileSync(pepperFileFor(file), 'change-me-please-change-me-please-change-me-please\n');
    await expect(createApiKey({ file, scopes: ['read'] })).rejects.toThrow(/not a pepper/);
    const other = keysFileIn();
    await createApiKey({ file: other, scopes: ['read'] });
    await import('node:fs/promises').then(({ rm }) => rm(pepperFileFor(other)));
    await expect(createApiKey({ file: other, scopes: ['read'] })).rejects.toThrow(/pepper file is missing/);
  });

  it('loses no key when several commands write at once', async () => {
    const file = keysFileIn();
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, index) => createApiKey({ file, scopes: ['read'], note: `n${index}` })),
    );
    const listed = await listApiKeys(file);
    expect(listed.map((key) => key.id).sort()).toEqual(created.map((key) => key.key.id).sort());
    for (const key of created) expect((await checkApiKeyToken({ file, token: key.token })).ok).toBe(true);
  });

  it('refuses a file that is not a keys file, naming the problem and never a hash', async () => {
    const file = keysFileIn();
    await createApiKey({ file, scopes: ['read'] });
    const document = JSON.parse(readFileSync(file, 'utf8')) as { keys: Record<string, unknown>[] };
    document.keys[0] = { ...document.keys[0], scopes: ['root'] };
    writeFileSync(file, JSON.stringify(document));
    await expect(listApiKeys(file)).rejects.toThrow(/keys\.0\.scopes\.0/);
    await expect(listApiKeys(file)).rejects.not.toThrow(/hmac-sha256/);
  });
});

// The API's view of a keys file: checks without I/O, and changes to the file picked up without a restart.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKeyStore, createApiKey, revokeApiKey, type ApiKeysFileError, type ApiKeyStoreOptions } from '../src';

const stores: ApiKeyStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

const keysFileIn = (): string => join(mkdtempSync(join(tmpdir(), 'api-key-store-')), 'api-keys.json');

function open(options: ApiKeyStoreOptions): ApiKeyStore {
  const store = ApiKeyStore.open(options);
  stores.push(store);
  return store;
}

/** Polls until the check passes; returns how long it took. */
async function within(timeoutMs: number, check: () => boolean): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

describe('ApiKeyStore', () => {
  it('accepts a key with its scopes, and refuses others with the reason', async () => {
    const file = keysFileIn();
    const { token, key } = await createApiKey({ file, scopes: ['read', 'urls'] });
    const store = open({ file });
    const check = store.verify(token);
    expect(check.ok && [check.keyId, [...check.scopes]]).toEqual([key.id, ['read', 'urls']]);
    expect(store.verify(`${token}x`)).toEqual({ ok: false, reason: 'malformed', keyId: null });
    expect(store.verify(token.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A')))).toMatchObject({
      ok: false,
      reason: 'mismatch',
      keyId: key.id,
    });
  });

  it('refuses to open without a keys file or a pepper, saying what to do', async () => {
    const file = keysFileIn();
    expect(() => open({ file })).toThrow(/pepper file cannot be read/);
    await createApiKey({ file, scopes: ['read'] });
    rmSync(file);
    expect(() => open({ file })).toThrow(/no such keys file; create it with `npx crs-export keys create/);
  });

  it.each([
    ['fs.watch and the poll', true, 1_000],
    ['the poll alone', false, 300],
  ])('sees a revocation and a new key through %s, within about a second', async (_label, watch, pollIntervalMs) => {
    const file = keysFileIn();
    const first = await createApiKey({ file, scopes: ['export'] });
    const store = open({ file, watch, pollIntervalMs });
    expect(store.verify(first.token).ok).toBe(true);
    await revokeApiKey({ file, id: first.key.id });
    const tookMs = await within(3_000, () => !store.verify(first.token).ok);
    expect(store.verify(first.token)).toMatchObject({ reason: 'revoked' });
    expect(tookMs).toBeLessThan(2_000);
    const second = await createApiKey({ file, scopes: ['read'] });
    await within(3_000, () => store.verify(second.token).ok);
  });

  it('keeps the keys it has when the file turns invalid, and refuses every key when the file is gone', async () => {
    const file = keysFileIn();
    const { token } = await createApiKey({ file, scopes: ['read'] });
    const errors: ApiKeysFileError[] = [];
    const loads: number[] = [];
    const store = open({
      file,
      pollIntervalMs: 100,
      onError: (error) => errors.push(error),
      onLoad: (summary) => loads.push(summary.active),
    });
    expect(loads).toEqual([1]);
    writeFileSync(`${file}.new`, '{"version": 1, "keys": [');
    renameSync(`${file}.new`, file);
    await within(3_000, () => errors.length > 0);
    expect(errors[0]?.message).toContain('not valid JSON');
    expect(store.verify(token).ok).toBe(true);
    rmSync(file);
    await within(3_000, () => !store.verify(token).ok);
    expect(errors.at(-1)?.message).toMatch(/gone: every key is refused/);
  });
});

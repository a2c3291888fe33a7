// API keys for tests and tools that drive the API: well-formed tokens (random, or derived from a label so a
// seeded run stays reproducible) and a keys file holding them, as `keys create` would write it.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addApiKeyToken, API_KEY_SCOPES, pepperFileFor, type ApiKeyScope } from '@crs-export/api-keys';

/** A token of the form the API accepts (`crs_<id>_<secret>`); the same label gives the same token. */
export function testApiKeyToken(label: string = randomUUID()): string {
  const digest = (purpose: string): Buffer => createHash('sha256').update(`${purpose}:${label}`).digest();
  return `crs_${digest('id').toString('hex').slice(0, 12)}_${digest('secret').toString('base64url')}`;
}

export interface TestApiKey {
  readonly token: string;
  /** Default: every scope. */
  readonly scopes?: readonly ApiKeyScope[];
  readonly expiresAt?: Date | null;
}

export interface TestApiKeysFile {
  readonly file: string;
  readonly pepperFile: string;
  /** API_KEYS_FILE and API_KEYS_PEPPER_FILE for loadConfig() or a child process. */
  readonly env: { readonly API_KEYS_FILE: string; readonly API_KEYS_PEPPER_FILE: string };
}

/** Writes the keys (hashed, with a new pepper) into `<dir>/api-keys.json`; default dir: a new temporary one. */
export async function writeTestApiKeys(keys: readonly TestApiKey[], dir?: string): Promise<TestApiKeysFile> {
  const file = join(dir ?? mkdtempSync(join(tmpdir(), 'crs-api-keys-')), 'api-keys.json');
  const pepperFile = pepperFileFor(file);
  for (const key of keys) {
    await addApiKeyToken({
      file,
      pepperFile,
      token: key.token,
      scopes: key.scopes ?? API_KEY_SCOPES,
      note: 'test key',
      expiresAt: key.expiresAt ?? null,
    });
  }
  return { file, pepperFile, env: { API_KEYS_FILE: file, API_KEYS_PEPPER_FILE: pepperFile } };
}

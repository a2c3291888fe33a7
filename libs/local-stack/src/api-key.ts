// The API keys of a local stack: API_KEYS_FILE when set (the stack then knows no key), else a demo key with
// every scope, made once: its HMAC in <dataDir>/api-keys.json (pepper beside it), the key itself in
// <dataDir>/api-key (mode 0600) for the CLI. A key handed in by code (tests, benchmarks) goes into the same file.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  addApiKeyToken,
  API_KEY_SCOPES,
  apiKeyIdOf,
  checkApiKeyToken,
  newApiKeyToken,
  pepperFileFor,
  requireApiKeyToken,
} from '@crs-export/api-keys';

export type ApiKeySource = 'API_KEYS_FILE' | 'generated' | 'persisted' | 'given';

export interface ResolvedApiKey {
  /** The key clients send (every scope); empty when the keys come from API_KEYS_FILE. */
  key: string;
  /** What the API gets as API_KEYS_FILE and API_KEYS_PEPPER_FILE. */
  keysFile: string;
  pepperFile: string;
  source: ApiKeySource;
  /** Where the key is kept in plain text for the CLI; null when it is not. */
  file: string | null;
}

export function apiKeyFile(dataDir: string): string {
  return join(dataDir, 'api-key');
}

export function apiKeysFile(dataDir: string): string {
  return join(dataDir, 'api-keys.json');
}

export async function resolveApiKey(options: {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** A key of the caller's (newApiKeyToken() or testApiKeyToken()); default: the demo key. */
  given?: string | undefined;
}): Promise<ResolvedApiKey> {
  const keysFile = apiKeysFile(options.dataDir);
  const pepperFile = pepperFileFor(keysFile);
  if (options.given !== undefined) {
    requireApiKeyToken(options.given, 'the apiKey given to startStack');
    await addApiKeyToken({
      file: keysFile,
      pepperFile,
      token: options.given,
      scopes: API_KEY_SCOPES,
      note: 'given to startStack',
    });
    return { key: options.given, keysFile, pepperFile, source: 'given', file: null };
  }
  const external = options.env['API_KEYS_FILE']?.trim();
  if (external) {
    const pepper = options.env['API_KEYS_PEPPER_FILE']?.trim();
    return {
      key: '',
      keysFile: resolve(external),
      pepperFile: pepper ? resolve(pepper) : pepperFileFor(resolve(external)),
      source: 'API_KEYS_FILE',
      file: null,
    };
  }
  const file = apiKeyFile(options.dataDir);
  const kept = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (apiKeyIdOf(kept) !== null) {
    const check = await checkApiKeyToken({ file: keysFile, pepperFile, token: kept });
    // Kept and still good; or the keys file lost it (deleted, a new pepper): put it back. A revoked or
    // expired demo key is not brought back: a new one is made.
    if (check.ok) return { key: kept, keysFile, pepperFile, source: 'persisted', file };
    if (check.reason === 'unknown' || check.reason === 'mismatch') {
      await addDemoKey(keysFile, pepperFile, kept);
      return { key: kept, keysFile, pepperFile, source: 'persisted', file };
    }
  }
  // None yet, or one of the plain-text era (crsx_...), or revoked: a new demo key.
  const { token } = newApiKeyToken();
  await addDemoKey(keysFile, pepperFile, token);
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key: token, keysFile, pepperFile, source: 'generated', file };
}

async function addDemoKey(file: string, pepperFile: string, token: string): Promise<void> {
  await addApiKeyToken({ file, pepperFile, token, scopes: API_KEY_SCOPES, note: 'npm start demo key (every scope)' });
}

// The API key of a local stack: API_KEYS when set, else one generated once and kept in <dataDir>/api-key.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ApiKeySource = 'API_KEYS' | 'generated' | 'persisted' | 'given';

export interface ResolvedApiKey {
  /** The key clients send; the first of API_KEYS when those are set. */
  key: string;
  /** The value to hand the API as API_KEYS. */
  apiKeys: string;
  source: ApiKeySource;
  file: string | null;
}

export function apiKeyFile(dataDir: string): string {
  return join(dataDir, 'api-key');
}

export function generateApiKey(): string {
  // 24 random bytes: 192 bits, URL- and shell-safe.
  return `crsx_${randomBytes(24).toString('base64url')}`;
}

export function resolveApiKey(options: { dataDir: string; apiKeys?: string | undefined }): ResolvedApiKey {
  const configured = (options.apiKeys ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  const first = configured[0];
  if (first) return { key: first, apiKeys: configured.join(','), source: 'API_KEYS', file: null };
  const file = apiKeyFile(options.dataDir);
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 16) return { key: kept, apiKeys: kept, source: 'persisted', file };
  }
  const key = generateApiKey();
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key, apiKeys: key, source: 'generated', file };
}

// Where the CLI finds the API and its key: flags, then CRS_EXPORT_API_URL / CRS_EXPORT_API_KEY, then .data/api-key.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

export interface CliSettings {
  apiUrl: string;
  apiKey: string | null;
  /** Where the key came from, for error hints; never the key itself. */
  apiKeySource: 'CRS_EXPORT_API_KEY' | string | null;
}

/** The repository root (this file is apps/cli/src/), whose .data/api-key `npm start` writes. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export function resolveCliSettings(options: {
  env: Record<string, string | undefined>;
  cwd: string;
  apiUrlFlag?: string;
  /** Where to look for .data/api-key; default the working directory, then the repository. */
  keyDirs?: string[];
}): CliSettings {
  const apiUrl = options.apiUrlFlag ?? nonEmpty(options.env['CRS_EXPORT_API_URL']) ?? DEFAULT_API_URL;
  const fromEnv = nonEmpty(options.env['CRS_EXPORT_API_KEY']);
  if (fromEnv) return { apiUrl, apiKey: fromEnv, apiKeySource: 'CRS_EXPORT_API_KEY' };
  for (const dir of new Set(options.keyDirs ?? [options.cwd, REPO_ROOT])) {
    const file = join(dir, '.data', 'api-key');
    if (!existsSync(file)) continue;
    const key = readFileSync(file, 'utf8').trim();
    if (key) return { apiUrl, apiKey: key, apiKeySource: file };
  }
  return { apiUrl, apiKey: null, apiKeySource: null };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

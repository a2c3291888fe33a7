// Which keys file `crs-export keys` works on: --file, else API_KEYS_FILE, else the .data/api-keys.json that
// `npm start` keeps (in the working directory, then the repository); the pepper beside it unless said otherwise.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pepperFileFor } from '@crs-export/api-keys';
import { UsageError } from './cli-args';

/** The repository root (this file is apps/cli/src/), whose .data/ `npm start` writes. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface KeysFileLocation {
  file: string;
  pepperFile: string;
}

export function keysFileLocation(options: {
  fileFlag?: string | undefined;
  pepperFileFlag?: string | undefined;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Where to look for .data/api-keys.json; default the working directory, then the repository. */
  keyDirs?: string[] | undefined;
}): KeysFileLocation {
  const given = nonEmpty(options.fileFlag) ?? nonEmpty(options.env['API_KEYS_FILE']);
  const file =
    given === undefined
      ? [...new Set(options.keyDirs ?? [options.cwd, REPO_ROOT])]
          .map((dir) => join(dir, '.data', 'api-keys.json'))
          .find((candidate) => existsSync(candidate))
      : resolve(options.cwd, given);
  if (file === undefined) {
    throw new UsageError(
      'which keys file? pass --file PATH or set API_KEYS_FILE (npm start keeps .data/api-keys.json)',
    );
  }
  const pepper = nonEmpty(options.pepperFileFlag) ?? nonEmpty(options.env['API_KEYS_PEPPER_FILE']);
  return { file, pepperFile: pepper === undefined ? pepperFileFor(file) : resolve(options.cwd, pepper) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

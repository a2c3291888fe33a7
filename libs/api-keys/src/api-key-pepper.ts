// The server-side pepper: keys are stored as HMAC-SHA256(pepper, token), so the keys file alone does not let
// anyone test a guessed key. It lives in a file of its own (mode 0600), ideally on another mount than the keys.
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { ApiKeysFileError } from './api-keys-errors';

const PEPPER_BYTES = 32;
const PEPPER_PATTERN = /^[A-Za-z0-9_-]{43,}$/;
/** Words of hand-written values: a pepper someone typed is not a secret. */
const PLACEHOLDER = /change-?me|example|placeholder|secret|password|xxxx/i;
export const API_KEY_HASH_PREFIX = 'hmac-sha256:';

/** The default pepper file: beside the keys file, `api-keys.json` -> `api-keys.pepper`. */
export function pepperFileFor(keysFile: string): string {
  return join(dirname(keysFile), `${basename(keysFile, extname(keysFile))}.pepper`);
}

function pepperOf(text: string, path: string): KeyObject {
  const value = text.trim();
  if (!PEPPER_PATTERN.test(value) || PLACEHOLDER.test(value) || new Set(value).size < 16) {
    throw new ApiKeysFileError(
      path,
      `not a pepper: expected ${PEPPER_BYTES}+ random bytes as base64url (crs-export keys create writes one)`,
    );
  }
  return createSecretKey(Buffer.from(value, 'base64url'));
}

/** Reads a pepper file (the API does this once at start). */
export function readPepperFile(path: string): KeyObject {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ApiKeysFileError(path, `the pepper file cannot be read (${codeOf(error)}); the keys cannot be checked`);
  }
  return pepperOf(text, path);
}

/** Reads a pepper file, or creates one (mode 0600) when there is none and `create` allows it. */
export async function loadOrCreatePepperFile(
  path: string,
  create: boolean,
): Promise<{ pepper: KeyObject; created: boolean }> {
  try {
    return { pepper: pepperOf(await readFile(path, 'utf8'), path), created: false };
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') {
      if (error instanceof ApiKeysFileError) throw error;
      throw new ApiKeysFileError(path, `the pepper file cannot be read (${codeOf(error)})`);
    }
  }
  if (!create) {
    throw new ApiKeysFileError(
      path,
      'the pepper file is missing, so the keys already in the keys file cannot be checked: restore it, or start a new keys file',
    );
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let value: string;
  do value = randomBytes(PEPPER_BYTES).toString('base64url');
  while (PLACEHOLDER.test(value));
  try {
    const file = await open(path, 'wx', 0o600);
    try {
      await file.writeFile(`${value}\n`, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (error) {
    // Another process made it first: use theirs.
    if (codeOf(error) === 'EEXIST') return loadOrCreatePepperFile(path, false);
    throw error;
  }
  return { pepper: createSecretKey(Buffer.from(value, 'base64url')), created: true };
}

/** What the keys file stores for a token: `hmac-sha256:<base64url>`. */
export function apiKeyHashOf(pepper: KeyObject, token: string): string {
  return `${API_KEY_HASH_PREFIX}${apiKeyDigestOf(pepper, token).toString('base64url')}`;
}

/** The raw HMAC-SHA256 digest of a token (32 bytes). */
export function apiKeyDigestOf(pepper: KeyObject, token: string): Buffer {
  return createHmac('sha256', pepper).update(token, 'utf8').digest();
}

export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

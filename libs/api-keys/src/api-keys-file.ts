// Creates, lists and revokes keys in a keys file: under a lock, replaced atomically (temp file + rename), mode 0600.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { checkApiKey, loadedApiKeysOf, type ApiKeyCheck } from './api-key-check';
import { apiKeyHashOf, codeOf, loadOrCreatePepperFile, pepperFileFor } from './api-key-pepper';
import type { ApiKeyScope } from './api-key-scopes';
import { newApiKeyToken, requireApiKeyToken } from './api-key-token';
import {
  apiKeyStateOf,
  parseApiKeysDocument,
  serializeApiKeysDocument,
  type ApiKeyRecord,
  type ApiKeysDocument,
  type ApiKeyState,
} from './api-keys-document';
import { ApiKeyNotFoundError, ApiKeysFileError } from './api-keys-errors';

const FILE_MODE = 0o600;
const LOCK_WAIT_MS = 5_000;
/** A lock older than this was left by a process that died mid-write. */
const STALE_LOCK_MS = 30_000;

export interface ApiKeysFileOptions {
  readonly file: string;
  /** Default: beside the keys file (pepperFileFor). */
  readonly pepperFile?: string | null;
  readonly now?: () => Date;
}

/** A key as `keys list` shows it: everything but the hash. */
export interface ApiKeySummary {
  readonly id: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly note: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly state: ApiKeyState;
}

export interface CreatedApiKey {
  /** The key to hand to its user: shown once, stored nowhere. */
  readonly token: string;
  readonly key: ApiKeySummary;
  readonly file: string;
  readonly pepperFile: string;
  /** This call made the pepper file (a new keys file). */
  readonly pepperCreated: boolean;
}

export interface NewApiKeyOptions extends ApiKeysFileOptions {
  readonly scopes: readonly ApiKeyScope[];
  readonly note?: string;
  /** null or absent: never expires. */
  readonly expiresAt?: Date | null;
}

/** Adds a new random key; creates the file and its pepper when there are none yet. */
export async function createApiKey(options: NewApiKeyOptions): Promise<CreatedApiKey> {
  const { id, token } = newApiKeyToken();
  return addKey(options, id, token);
}

/**
 * Adds a key whose token the caller already has (the local stack's demo key, a test stack's key), replacing an
 * entry with the same id. The token must have the form newApiKeyToken() makes.
 */
export async function addApiKeyToken(options: NewApiKeyOptions & { readonly token: string }): Promise<CreatedApiKey> {
  return addKey(options, requireApiKeyToken(options.token, 'the given token'), options.token);
}

/** Every key of a file, without hashes, oldest first. */
export async function listApiKeys(file: string, now: () => Date = () => new Date()): Promise<ApiKeySummary[]> {
  const document = await readDocument(file);
  if (!document) throw new ApiKeysFileError(file, 'no such keys file');
  const nowMs = now().getTime();
  return document.keys.map((record) => summaryOf(record, nowMs));
}

/** Marks a key revoked (the entry stays, for `keys list`); an API watching the file refuses it within ~2 s. */
export async function revokeApiKey(options: ApiKeysFileOptions & { readonly id: string }): Promise<ApiKeySummary> {
  const now = (options.now ?? (() => new Date()))();
  const revoked = await updateDocument(options.file, (document) => {
    if (!document) throw new ApiKeysFileError(options.file, 'no such keys file');
    const found = document.keys.find((record) => record.id === options.id);
    if (!found) throw new ApiKeyNotFoundError(options.file, options.id);
    const record = found.revokedAt === null ? { ...found, revokedAt: now.toISOString() } : found;
    const keys = document.keys.map((key) => (key.id === options.id ? record : key));
    return { next: { version: 1, keys }, result: record };
  });
  return summaryOf(revoked, now.getTime());
}

/** Checks a token against a keys file once (tools: is the kept demo key still good?). */
export async function checkApiKeyToken(options: ApiKeysFileOptions & { readonly token: string }): Promise<ApiKeyCheck> {
  const document = await readDocument(options.file);
  if (!document) return { ok: false, reason: 'unknown', keyId: null };
  const { pepper } = await loadOrCreatePepperFile(options.pepperFile ?? pepperFileFor(options.file), false);
  const now = (options.now ?? (() => new Date()))();
  return checkApiKey(loadedApiKeysOf(document.keys), pepper, options.token, now.getTime());
}

async function addKey(options: NewApiKeyOptions, id: string, token: string): Promise<CreatedApiKey> {
  const now = (options.now ?? (() => new Date()))();
  const pepperFile = options.pepperFile ?? pepperFileFor(options.file);
  if (options.scopes.length === 0) throw new Error('a key needs at least one scope');
  if (options.expiresAt && options.expiresAt.getTime() <= now.getTime()) {
    throw new Error(`the expiry ${options.expiresAt.toISOString()} is not in the future`);
  }
  const { record, pepperCreated } = await updateDocument(options.file, async (document) => {
    // A pepper is made only for a file without keys: the hashes already there were made with the old one.
    const loaded = await loadOrCreatePepperFile(pepperFile, !document || document.keys.length === 0);
    const record: ApiKeyRecord = {
      id,
      hash: apiKeyHashOf(loaded.pepper, token),
      scopes: [...options.scopes],
      note: options.note ?? '',
      createdAt: now.toISOString(),
      expiresAt: options.expiresAt ? options.expiresAt.toISOString() : null,
      revokedAt: null,
    };
    const others = (document?.keys ?? []).filter((key) => key.id !== id);
    return { next: { version: 1, keys: [...others, record] }, result: { record, pepperCreated: loaded.created } };
  });
  return { token, key: summaryOf(record, now.getTime()), file: options.file, pepperFile, pepperCreated };
}

function summaryOf(record: ApiKeyRecord, nowMs: number): ApiKeySummary {
  const { hash: _hash, ...rest } = record;
  return { ...rest, scopes: [...record.scopes], state: apiKeyStateOf(record, nowMs) };
}

async function readDocument(file: string): Promise<ApiKeysDocument | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return null;
    throw new ApiKeysFileError(file, `cannot be read (${codeOf(error)})`);
  }
  return parseApiKeysDocument(text, file);
}

interface Changed<T> {
  readonly next: ApiKeysDocument;
  readonly result: T;
}

/** Read, change, write back atomically, all under the file's lock so that two commands cannot lose an update. */
async function updateDocument<T>(
  file: string,
  change: (document: ApiKeysDocument | null) => Changed<T> | Promise<Changed<T>>,
): Promise<T> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const release = await lock(file);
  try {
    const { next, result } = await change(await readDocument(file));
    const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const handle = await open(temporary, 'wx', FILE_MODE);
      try {
        await handle.writeFile(serializeApiKeysDocument(next), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return result;
  } finally {
    await release();
  }
}

async function lock(file: string): Promise<() => Promise<void>> {
  const lockFile = `${file}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx', FILE_MODE);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(lockFile, { force: true });
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw new ApiKeysFileError(lockFile, `cannot be created (${codeOf(error)})`);
    }
    const age = await stat(lockFile).then(
      (stats) => Date.now() - stats.mtimeMs,
      () => 0,
    );
    if (age > STALE_LOCK_MS) {
      await rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new ApiKeysFileError(
        lockFile,
        'another crs-export keys command holds the keys file; if none is running, remove this lock file',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

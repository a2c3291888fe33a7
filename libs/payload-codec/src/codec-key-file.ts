// Creates and rotates keys files (mode 0600): a new file gets one random key, a rotation adds a new active one.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CODEC_KEY_BYTES, CodecKeyRing, type CodecKeyInput } from './codec-key-ring';
import { parseCodecKeyFileDocument, readCodecKeyFileText, type CodecKeyFileDocument } from './codec-key-sources';
import { CodecKeyFileExistsError } from './payload-codec-errors';

const KEY_FILE_MODE = 0o600;

export interface CodecKeyFileOptions {
  /** Clock for `createdAt` and the new key's id; tests pass a fixed one. */
  readonly now?: () => Date;
}

/** What a key file operation did, by key id (safe to print). */
export interface CodecKeyFileChange {
  readonly path: string;
  /** The new key, now the active one. */
  readonly keyId: string;
  /** The key that was active before (null for a new file). */
  readonly previousKeyId: string | null;
  readonly keyIds: readonly string[];
}

/**
 * Creates a keys file holding one new random key, with mode 0600 (and its directory if missing). Refuses
 * (CodecKeyFileExistsError) when the file exists: replacing keys would make stored payloads unreadable.
 */
export async function generateCodecKeyFile(
  path: string,
  options: CodecKeyFileOptions = {},
): Promise<CodecKeyFileChange> {
  const key = newCodecKey([], options.now ?? (() => new Date()));
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    await writeKeyFile(path, [key], key.id, 'wx');
  } catch (error) {
    if (isErrorCode(error, 'EEXIST')) throw new CodecKeyFileExistsError(path);
    throw error;
  }
  return { path, keyId: key.id, previousKeyId: null, keyIds: [key.id] };
}

/**
 * Adds a new random key to a keys file and makes it the active one; the old keys stay, so payloads written
 * under them remain readable. The file is replaced atomically (written beside it, then renamed), mode 0600.
 * Processes that already loaded the file keep encrypting with the old key until they reload it.
 */
export async function rotateCodecKeyFile(path: string, options: CodecKeyFileOptions = {}): Promise<CodecKeyFileChange> {
  const current = parseCodecKeyFileDocument(await readCodecKeyFileText(path), path);
  const previousKeyId = CodecKeyRing.create(current.keys, { activeKeyId: current.active, source: path }).activeKeyId;
  const key = newCodecKey(current.keys, options.now ?? (() => new Date()));
  const keys = [...current.keys, key];
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeKeyFile(temporary, keys, key.id, 'wx');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { path, keyId: key.id, previousKeyId, keyIds: keys.map(({ id }) => id) };
}

/** A random key with an id like `k-2026-12-01-a1b2c3`, unique among `existing`. */
function newCodecKey(existing: readonly CodecKeyInput[], now: () => Date): CodecKeyInput {
  const createdAt = now();
  const day = createdAt.toISOString().slice(0, 10);
  for (;;) {
    const id = `k-${day}-${randomBytes(3).toString('hex')}`;
    if (!existing.some((key) => key.id === id)) return { id, key: randomBytes(CODEC_KEY_BYTES), createdAt };
  }
}

async function writeKeyFile(
  path: string,
  keys: readonly CodecKeyInput[],
  active: string,
  flags: string,
): Promise<void> {
  const document: CodecKeyFileDocument = {
    keys: keys.map(({ id, key, createdAt }) => ({
      id,
      key: Buffer.from(key).toString('base64'),
      ...(createdAt ? { createdAt: createdAt.toISOString() } : {}),
    })),
    active,
  };
  const file = await open(path, flags, KEY_FILE_MODE);
  try {
    await file.writeFile(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
}

function isErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

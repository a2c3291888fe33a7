// The AES-256 keys of the payload codec: one active key encrypts, every key of the ring decrypts.
import { CodecKeyRingError } from './payload-codec-errors';
import { inspectCustom } from './redaction';

/** AES-256 keys are 32 bytes. */
export const CODEC_KEY_BYTES = 32;

/**
 * 1-40 characters of letters, digits, `.`, `_`, `-`, starting with a letter or digit. Short enough that a
 * key pasted where an id belongs (44 characters of base64) is never mistaken for an id, and so never echoed.
 */
export const CODEC_KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

const CODEC_KEY_ID_RULE =
  'the id must be 1-40 characters of letters, digits, ".", "_" or "-", starting with a letter or digit';

export interface CodecKeyInput {
  readonly id: string;
  /** The raw key: exactly 32 bytes. The ring keeps its own copy. */
  readonly key: Uint8Array;
  readonly createdAt?: Date | undefined;
}

export interface CodecKeyRingOptions {
  /** The key that encrypts; when absent, the newest (see CodecKeyRing.create). */
  readonly activeKeyId?: string | undefined;
  /** Where the keys came from, for error messages (a path, an environment variable name). */
  readonly source?: string | undefined;
}

/** What may be said about a key ring anywhere (logs, JSON, errors): ids and dates, never a key. */
export interface CodecKeyRingSummary {
  readonly activeKeyId: string;
  readonly keys: readonly { readonly id: string; readonly createdAt: string | null; readonly active: boolean }[];
}

interface HeldKey {
  readonly material: Buffer;
  readonly createdAt: Date | null;
}

let materialOf: (ring: CodecKeyRing, keyId: string) => Buffer | undefined;

export class CodecKeyRing {
  readonly #keys: ReadonlyMap<string, HeldKey>;
  readonly #activeKeyId: string;

  static {
    materialOf = (ring, keyId) => ring.#keys.get(keyId)?.material;
  }

  private constructor(keys: ReadonlyMap<string, HeldKey>, activeKeyId: string) {
    this.#keys = keys;
    this.#activeKeyId = activeKeyId;
  }

  /**
   * Builds a ring, or throws a CodecKeyRingError listing every problem. The active key is `activeKeyId` when
   * given; otherwise the key with the latest `createdAt`, keys without one counting as older than any dated
   * key, and ties going to the key listed last (so for a list without dates, the last key is active).
   */
  static create(keys: readonly CodecKeyInput[], options: CodecKeyRingOptions = {}): CodecKeyRing {
    const positioned = keys.map((key, index) => ({ ...key, position: index + 1 }));
    const problems = findKeyRingProblems(positioned, { activeKeyId: options.activeKeyId, entryCount: keys.length });
    const activeKeyId = options.activeKeyId ?? newestKeyId(keys);
    if (problems.length > 0 || activeKeyId === undefined) {
      throw new CodecKeyRingError(options.source ?? 'keys given in code', problems);
    }
    const held = new Map<string, HeldKey>();
    for (const { id, key, createdAt } of keys)
      held.set(id, { material: Buffer.from(key), createdAt: createdAt ?? null });
    return new CodecKeyRing(held, activeKeyId);
  }

  /** The id of the key that encrypts. */
  get activeKeyId(): string {
    return this.#activeKeyId;
  }

  /** Every key id, in the order given. */
  get keyIds(): readonly string[] {
    return [...this.#keys.keys()];
  }

  has(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  /** Ids, dates and which key is active: safe to log. */
  describe(): CodecKeyRingSummary {
    return {
      activeKeyId: this.#activeKeyId,
      keys: [...this.#keys].map(([id, { createdAt }]) => ({
        id,
        createdAt: createdAt?.toISOString() ?? null,
        active: id === this.#activeKeyId,
      })),
    };
  }

  toJSON(): CodecKeyRingSummary {
    return this.describe();
  }

  toString(): string {
    return `CodecKeyRing(active ${this.#activeKeyId}; keys ${this.keyIds.join(', ')})`;
  }

  [inspectCustom](): string {
    return this.toString();
  }
}

/** The key material of one key of a ring, for the codec only (not exported from the library). */
export function codecKeyMaterial(ring: CodecKeyRing, keyId: string): Buffer | undefined {
  return materialOf(ring, keyId);
}

/** A key with its 1-based position in its source (a file's "keys" array, a list's entries). */
export interface PositionedCodecKey extends CodecKeyInput {
  readonly position: number;
}

/**
 * Every problem of a set of keys: ids, lengths, dates, duplicates, the active id. Keys are named by position
 * and, when the id is a valid one, by id; never by anything that could be key material.
 */
export function findKeyRingProblems(
  keys: readonly PositionedCodecKey[],
  options: { activeKeyId?: string | undefined; entryCount: number },
): string[] {
  const problems: string[] = [];
  if (options.entryCount === 0) problems.push('no keys');
  const counts = new Map<string, number>();
  for (const { id, key, createdAt, position } of keys) {
    const label = codecKeyLabel(id, position);
    if (!CODEC_KEY_ID_PATTERN.test(id)) problems.push(`${label}: ${CODEC_KEY_ID_RULE}`);
    if (key.length !== CODEC_KEY_BYTES) {
      problems.push(`${label}: the key is ${key.length} bytes, AES-256 needs ${CODEC_KEY_BYTES}`);
    }
    if (createdAt && Number.isNaN(createdAt.getTime())) problems.push(`${label}: createdAt is not a date`);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  for (const [id, count] of counts) {
    if (count > 1 && CODEC_KEY_ID_PATTERN.test(id)) problems.push(`the key id "${id}" appears ${count} times`);
  }
  const active = options.activeKeyId;
  if (active !== undefined && !counts.has(active)) {
    problems.push(
      CODEC_KEY_ID_PATTERN.test(active)
        ? `the active key "${active}" is not one of the keys`
        : `the active key id is not valid: ${CODEC_KEY_ID_RULE}`,
    );
  }
  return problems;
}

/** "key 2 ("k-2026-12")", or just "key 2" when the id is not a valid one (it could be a misplaced key). */
export function codecKeyLabel(id: string, position: number): string {
  return CODEC_KEY_ID_PATTERN.test(id) ? `key ${position} ("${id}")` : `key ${position}`;
}

function newestKeyId(keys: readonly CodecKeyInput[]): string | undefined {
  let newest: CodecKeyInput | undefined;
  for (const key of keys) {
    const time = key.createdAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    const newestTime = newest?.createdAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    if (newest === undefined || time >= newestTime || Number.isNaN(newestTime)) newest = key;
  }
  return newest?.id;
}

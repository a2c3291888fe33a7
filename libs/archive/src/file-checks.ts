// The checks a file meets on its way into the archive, fed chunk by chunk: byte count, RDB magic and
// version, the structural walk with its CRC-64 trailer (RdbWalker), and SHA-256 of the whole file. The walk
// resumes from a small JSON snapshot; the SHA-256 (Node's native one, 4× hash-wasm's speed but not saveable)
// is computed again over the completed prefix on a resume (see transfer-file.ts).
import { createHash, type Hash } from 'node:crypto';
import { RdbWalker, isRdbFormatError, type RdbSummary, type RdbWalkerSnapshot } from '@crs-export/rdb';
import type { ArchiveCheck } from './archive-errors';

export interface FileChecksOptions {
  /** Walk the file as RDB (false for an encrypted backup: only size and SHA-256). Default true. */
  rdb?: boolean;
  /** The RDB version the engine writes (rdb.md); a file of another version fails the `version` check. */
  expectedRdbVersion?: number | null;
  /** The walker's limit for one buffered blob (default libs/rdb's 16 MiB). */
  maxBlobBytes?: number;
}

/** Where the walk stood after `offset` bytes: JSON, a few KiB (null walker: the file is not walked). */
export interface ChecksSnapshot {
  offset: number;
  walker: RdbWalkerSnapshot | null;
}

export interface FileCheckOutcome {
  sizeBytes: number;
  /** Hex. */
  sha256: string;
  /** The walk's summary; null when the file was not walked (encrypted). */
  rdb: RdbSummary | null;
}

/** One failed check, inside a transfer: it decides to download again or to give up. */
export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';

  constructor(
    readonly check: ArchiveCheck,
    readonly offset: number | null,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const MAGIC_BYTES = 9;

/** The RDB version a magic names: `REDIS0010` → 10, `VALKEY080` → 80; null when it is neither. */
export function rdbVersionOfMagic(magic: string): number | null {
  const redis = /^REDIS(\d{4})$/.exec(magic);
  if (redis?.[1]) return Number(redis[1]);
  const valkey = /^VALKEY(\d{3})$/.exec(magic);
  return valkey?.[1] ? Number(valkey[1]) : null;
}

export class FileChecks {
  private readonly hash: Hash = createHash('sha256');
  private head = Buffer.alloc(0);
  private bytes = 0;

  private constructor(
    private readonly options: FileChecksOptions,
    private readonly walker: RdbWalker | null,
  ) {}

  /**
   * Checks from the file's first byte. With a snapshot, the walk resumes where it stood: it takes the bytes
   * from `snapshot.offset` on, while size and SHA-256 take every byte from 0 again.
   */
  static start(options: FileChecksOptions, snapshot: ChecksSnapshot | null = null): FileChecks {
    const rdb = options.rdb ?? true;
    if (!rdb) return new FileChecks(options, null);
    if (snapshot && !snapshot.walker) throw new TypeError('the snapshot holds no RDB walk');
    const walker = snapshot?.walker
      ? RdbWalker.restore(snapshot.walker)
      : new RdbWalker(options.maxBlobBytes === undefined ? {} : { maxBlobBytes: options.maxBlobBytes });
    if (snapshot && walker.offset !== snapshot.offset) {
      throw new TypeError(`the snapshot's walk is at ${walker.offset}, not ${snapshot.offset}`);
    }
    return new FileChecks(options, walker);
  }

  /** Bytes of the file taken so far (all hashed). */
  get offset(): number {
    return this.bytes;
  }

  /** Bytes the walk has taken (ahead of `offset` while a resumed walk waits for the prefix to be hashed). */
  get walkOffset(): number {
    return this.walker?.offset ?? this.bytes;
  }

  /** What a snapshot would carry beyond its fixed size (the walker's buffered blob or cut read). */
  get pendingBytes(): number {
    return this.walker?.pendingBytes ?? 0;
  }

  /** Checks the next bytes of the file; throws CheckFailure at the first problem. */
  write(chunk: Uint8Array): void {
    if (this.head.length < MAGIC_BYTES) this.readMagic(chunk);
    const walked = this.walkOffset - this.bytes;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.walker || walked >= chunk.length) return;
    try {
      this.walker.write(walked > 0 ? chunk.subarray(walked) : chunk);
    } catch (error) {
      throw asCheckFailure(error);
    }
  }

  private readMagic(chunk: Uint8Array): void {
    const take = Math.min(MAGIC_BYTES - this.head.length, chunk.length);
    this.head = Buffer.concat([this.head, chunk.subarray(0, take)]);
    if (this.head.length < MAGIC_BYTES || !this.walker) return;
    const magic = this.head.toString('latin1');
    const version = rdbVersionOfMagic(magic);
    if (version === null) {
      throw new CheckFailure('magic', 0, `the file starts with ${JSON.stringify(magic)}, not an RDB magic (REDIS0nnn)`);
    }
    const expected = this.options.expectedRdbVersion;
    if (expected !== undefined && expected !== null && version !== expected) {
      throw new CheckFailure(
        'version',
        5,
        `the file is RDB version ${version} (${magic}), the engine writes ${expected}`,
      );
    }
  }

  /** The walk's state at `walkOffset` (take it where `pendingBytes` is small). */
  snapshot(): ChecksSnapshot {
    return { offset: this.walkOffset, walker: this.walker ? this.walker.snapshot() : null };
  }

  /** The end of the file: the walk must be complete (EOF opcode, trailer, nothing after). */
  end(): FileCheckOutcome {
    let rdb: RdbSummary | null = null;
    if (this.walker) {
      try {
        rdb = this.walker.end();
      } catch (error) {
        throw asCheckFailure(error);
      }
    }
    return { sizeBytes: this.bytes, sha256: this.hash.digest('hex'), rdb };
  }
}

function asCheckFailure(error: unknown): unknown {
  if (!isRdbFormatError(error)) return error;
  return new CheckFailure(error.check, error.offset, error.message);
}

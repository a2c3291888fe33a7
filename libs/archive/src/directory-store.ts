// The directory adapter of the store port: objects are files under a root directory. An upload writes
// `<name>.partial-<id>` with positional writes per part (fsynced, each recorded in `<name>.partial-<id>.parts`)
// and becomes `<name>` by a rename after the checks; so no file that failed a check has its final name.
import { randomBytes } from 'node:crypto';
import { createReadStream, type Dirent } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type {
  ArchiveStore,
  ObjectPage,
  OpenUpload,
  StoreCallOptions,
  StoredObject,
  UploadedPart,
  UploadPartInput,
} from './archive-store';
import { keyProblem } from './archive-store';
import { ArchiveStoreError } from './archive-errors';
import { partChecksumOf } from './part-checksum';

const PARTIAL_MARK = '.partial-';
/** `<name>.partial-<hex id>`: an upload's data file (its journal adds `.parts`). */
const PARTIAL_FILE = /^(.+)\.partial-([0-9a-f]{24})$/;
const JOURNAL_SUFFIX = '.parts';
const MAX_PAGE = 1000;

interface JournalEntry extends UploadedPart {
  offset: number;
}

export interface DirectoryStoreOptions {
  /** Absolute path of the root directory; created when missing. */
  root: string;
  /** The destination URL, for messages; default file:// + root. */
  url?: string;
}

export class DirectoryArchiveStore implements ArchiveStore {
  readonly url: string;
  readonly minPartSizeBytes = 1;
  readonly maxParts = 10_000;
  readonly partChecksum = 'sha256' as const;
  private readonly root: string;

  constructor(options: DirectoryStoreOptions) {
    this.root = options.root;
    this.url = options.url ?? `file://${options.root}`;
  }

  private path(key: string, operation: string): string {
    const problem = keyProblem(key) ?? (key.split('/').some((s) => s.includes(PARTIAL_MARK)) ? 'reserved name' : null);
    if (problem) throw new ArchiveStoreError(operation, key, problem);
    return join(this.root, ...key.split('/'));
  }

  private uploadPaths(key: string, uploadId: string, operation: string): { data: string; journal: string } {
    if (!/^[0-9a-f]{24}$/.test(uploadId)) throw new ArchiveStoreError(operation, key, `no such upload ${uploadId}`);
    const data = `${this.path(key, operation)}${PARTIAL_MARK}${uploadId}`;
    return { data, journal: `${data}${JOURNAL_SUFFIX}` };
  }

  async createUpload(key: string, options: StoreCallOptions = {}): Promise<string> {
    options.signal?.throwIfAborted();
    const uploadId = randomBytes(12).toString('hex');
    const { data, journal } = this.uploadPaths(key, uploadId, 'createUpload');
    await mkdir(dirname(data), { recursive: true });
    await (await open(data, 'wx', 0o600)).close();
    await (await open(journal, 'wx', 0o600)).close();
    await syncDirectory(dirname(data));
    return uploadId;
  }

  async uploadPart(input: UploadPartInput, options: StoreCallOptions = {}): Promise<UploadedPart> {
    options.signal?.throwIfAborted();
    const { data, journal } = this.uploadPaths(input.key, input.uploadId, 'uploadPart');
    if (partChecksumOf('sha256', input.body) !== input.checksum) {
      throw new ArchiveStoreError('uploadPart', input.key, `part ${input.partNumber}: the checksum does not match`);
    }
    const file = await open(data, 'r+').catch((error: unknown) => {
      throw new ArchiveStoreError('uploadPart', input.key, `no such upload ${input.uploadId}`, null, { cause: error });
    });
    try {
      let written = 0;
      while (written < input.body.length) {
        const { bytesWritten } = await file.write(
          input.body,
          written,
          input.body.length - written,
          input.offset + written,
        );
        written += bytesWritten;
      }
      await file.datasync();
    } finally {
      await file.close();
    }
    const part: JournalEntry = {
      partNumber: input.partNumber,
      offset: input.offset,
      sizeBytes: input.body.length,
      etag: `"${Buffer.from(input.checksum, 'base64').toString('hex')}"`,
      checksum: input.checksum,
    };
    // One short line per write: appends of it are atomic, so concurrent parts never interleave.
    const line = `${JSON.stringify(part)}\n`;
    const handle = await open(journal, 'a');
    try {
      await handle.write(line);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    const { offset: _offset, ...uploaded } = part;
    return uploaded;
  }

  private async journal(data: string, journal: string): Promise<JournalEntry[] | null> {
    let text: string;
    let dataSize: number;
    try {
      dataSize = (await stat(data)).size;
      text = await readFile(journal, 'utf8');
    } catch {
      return null;
    }
    const byNumber = new Map<number, JournalEntry>();
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        // A part is there when its bytes are: the journal line is written after them.
        if (entry.offset + entry.sizeBytes <= dataSize) byNumber.set(entry.partNumber, entry);
      } catch {
        // A line cut by a crash: its part is not recorded, so it is uploaded again.
      }
    }
    return [...byNumber.values()].sort((a, b) => a.partNumber - b.partNumber);
  }

  async listParts(key: string, uploadId: string, options: StoreCallOptions = {}): Promise<UploadedPart[] | null> {
    options.signal?.throwIfAborted();
    const { data, journal } = this.uploadPaths(key, uploadId, 'listParts');
    const entries = await this.journal(data, journal);
    return entries?.map(({ offset: _offset, ...part }) => part) ?? null;
  }

  async completeUpload(
    key: string,
    uploadId: string,
    parts: readonly UploadedPart[],
    options: StoreCallOptions = {},
  ): Promise<void> {
    options.signal?.throwIfAborted();
    const { data, journal } = this.uploadPaths(key, uploadId, 'completeUpload');
    const recorded = await this.journal(data, journal);
    if (!recorded) throw new ArchiveStoreError('completeUpload', key, `no such upload ${uploadId}`);
    let size = 0;
    for (const [index, part] of parts.entries()) {
      const entry = recorded.find((candidate) => candidate.partNumber === part.partNumber);
      if (part.partNumber !== index + 1 || !entry || entry.etag !== part.etag || entry.sizeBytes !== part.sizeBytes) {
        throw new ArchiveStoreError('completeUpload', key, `part ${part.partNumber} is not the one uploaded`);
      }
      if (entry.offset !== size)
        throw new ArchiveStoreError('completeUpload', key, `part ${part.partNumber} is misplaced`);
      size += entry.sizeBytes;
    }
    const file = await open(data, 'r+');
    try {
      await file.truncate(size);
      await file.sync();
    } finally {
      await file.close();
    }
    const target = this.path(key, 'completeUpload');
    await rename(data, target);
    await rm(journal, { force: true });
    await syncDirectory(dirname(target));
  }

  async abortUpload(key: string, uploadId: string, options: StoreCallOptions = {}): Promise<void> {
    void options;
    const { data, journal } = this.uploadPaths(key, uploadId, 'abortUpload');
    await rm(data, { force: true });
    await rm(journal, { force: true });
    await this.pruneEmptyDirectories(dirname(data));
  }

  async readUpload(
    key: string,
    uploadId: string,
    range: { start: number; end: number },
    options: StoreCallOptions = {},
  ): Promise<Readable> {
    options.signal?.throwIfAborted();
    const { data } = this.uploadPaths(key, uploadId, 'readUpload');
    const info = await stat(data).catch((error: unknown) => {
      throw new ArchiveStoreError('readUpload', key, `no such upload ${uploadId}`, null, { cause: error });
    });
    if (info.size <= range.end) throw new ArchiveStoreError('readUpload', key, `the upload holds ${info.size} bytes`);
    return createReadStream(data, {
      start: range.start,
      end: range.end,
      highWaterMark: 1024 * 1024,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  async listUploads(prefix: string, options: StoreCallOptions = {}): Promise<OpenUpload[]> {
    options.signal?.throwIfAborted();
    const uploads: OpenUpload[] = [];
    for (const file of await this.files(prefix)) {
      const match = PARTIAL_FILE.exec(file);
      if (match?.[1] && match[2] && match[1].startsWith(prefix)) uploads.push({ key: match[1], uploadId: match[2] });
    }
    return uploads;
  }

  async put(key: string, body: Buffer, options: StoreCallOptions & { contentType?: string } = {}): Promise<void> {
    options.signal?.throwIfAborted();
    const target = this.path(key, 'put');
    const temporary = `${target}${PARTIAL_MARK}${randomBytes(12).toString('hex')}`;
    await mkdir(dirname(target), { recursive: true });
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(body);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, target);
    await syncDirectory(dirname(target));
  }

  async get(key: string, range?: { start: number; end?: number }, options: StoreCallOptions = {}): Promise<Readable> {
    options.signal?.throwIfAborted();
    const path = this.path(key, 'get');
    if (!(await this.head(key))) throw new ArchiveStoreError('get', key, 'no such object');
    return createReadStream(path, {
      highWaterMark: 1024 * 1024,
      ...(range ? { start: range.start, ...(range.end === undefined ? {} : { end: range.end }) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  async head(key: string, options: StoreCallOptions = {}): Promise<StoredObject | null> {
    options.signal?.throwIfAborted();
    try {
      const info = await stat(this.path(key, 'head'));
      return info.isFile() ? { key, sizeBytes: info.size } : null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async list(
    prefix: string,
    options: StoreCallOptions & { cursor?: string | null; limit?: number } = {},
  ): Promise<ObjectPage> {
    options.signal?.throwIfAborted();
    const limit = Math.min(options.limit ?? MAX_PAGE, MAX_PAGE);
    const keys = (await this.files(prefix))
      .filter((key) => key.startsWith(prefix) && !key.split('/').some((s) => s.includes(PARTIAL_MARK)))
      .filter((key) => !options.cursor || compareKeys(key, options.cursor) > 0)
      .sort(compareKeys);
    const page = keys.slice(0, limit);
    const objects: StoredObject[] = [];
    for (const key of page) {
      const found = await this.head(key);
      if (found) objects.push(found);
    }
    return { objects, nextCursor: keys.length > limit ? (page.at(-1) ?? null) : null };
  }

  async delete(key: string, options: StoreCallOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    const path = this.path(key, 'delete');
    await rm(path, { force: true });
    await this.pruneEmptyDirectories(dirname(path));
  }

  close(): void {
    // Nothing is held open between calls.
  }

  /** Every file below the deepest directory that holds all keys starting with `prefix`, as keys. */
  private async files(prefix: string): Promise<string[]> {
    const base = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    if (base && keyProblem(base)) return [];
    const start = base ? join(this.root, ...base.split('/')) : this.root;
    const found: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (isNotFound(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
        throw error;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile()) found.push(relative(this.root, path).split(sep).join('/'));
      }
    };
    await walk(start);
    return found;
  }

  /** Removes directories left empty below the root (after a delete or an abort), up to the root. */
  private async pruneEmptyDirectories(dir: string): Promise<void> {
    let current = dir;
    while (current.startsWith(`${this.root}${sep}`)) {
      try {
        await rmdir(current);
      } catch {
        return;
      }
      current = dirname(current);
    }
  }
}

/** Keys sort as S3 sorts them: by their UTF-8 bytes. */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

/** A rename or a new file is durable only once its directory is synced. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

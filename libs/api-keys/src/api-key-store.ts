// The keys as the API holds them: read at start, re-read when the file changes (fs.watch, and a stat every
// second in case an event is missed), so a key created or revoked takes effect within about a second.
import { readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { checkApiKey, loadedApiKeysOf, type ApiKeyCheck, type LoadedApiKey } from './api-key-check';
import { codeOf, pepperFileFor, readPepperFile } from './api-key-pepper';
import { parseApiKeysDocument } from './api-keys-document';
import { ApiKeysFileError } from './api-keys-errors';

export interface ApiKeyStoreOptions {
  readonly file: string;
  /** Default: beside the keys file (pepperFileFor). */
  readonly pepperFile?: string | null;
  /** How often the file's identity (inode, size, times) is compared; default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** Also react to fs.watch events at once; default true (the poll alone bounds the delay). */
  readonly watch?: boolean;
  readonly now?: () => number;
  /** After each successful (re)load: how many keys, and how many of them can be used. */
  readonly onLoad?: (summary: ApiKeyStoreSummary) => void;
  /** A reload that failed; the keys loaded before stay in force (a missing file refuses every key). */
  readonly onError?: (error: ApiKeysFileError) => void;
}

export interface ApiKeyStoreSummary {
  readonly file: string;
  readonly keys: number;
  readonly active: number;
}

const MISSING = 'missing';

export class ApiKeyStore {
  private keys: ReadonlyMap<string, LoadedApiKey>;
  private signature: string;
  private readonly pepper: KeyObject;
  private readonly timer: NodeJS.Timeout;
  private watcher: FSWatcher | null = null;
  private checking: Promise<void> | null = null;
  private checkAgain = false;
  private closed = false;

  private constructor(private readonly options: ApiKeyStoreOptions & { now: () => number }) {
    this.pepper = readPepperFile(options.pepperFile ?? pepperFileFor(options.file));
    const { keys, signature } = ApiKeyStore.readNow(options.file);
    this.keys = keys;
    this.signature = signature;
    this.timer = setInterval(() => void this.checkForChange(), options.pollIntervalMs ?? 1_000);
    this.timer.unref();
    if (options.watch !== false) this.startWatching();
  }

  /** Reads the keys file and its pepper now; throws ApiKeysFileError when either is missing or invalid. */
  static open(options: ApiKeyStoreOptions): ApiKeyStore {
    const store = new ApiKeyStore({ ...options, now: options.now ?? Date.now });
    store.report();
    return store;
  }

  /** One request's check: no I/O, one HMAC. */
  verify(token: string): ApiKeyCheck {
    return checkApiKey(this.keys, this.pepper, token, this.options.now());
  }

  /** Compares the file with what is loaded and reloads it if it changed (also what the timer and watcher call). */
  checkForChange(): Promise<void> {
    if (this.checking) {
      this.checkAgain = true;
      return this.checking;
    }
    this.checking = (async () => {
      try {
        do {
          this.checkAgain = false;
          await this.reloadIfChanged();
        } while (this.checkAgain && !this.closed);
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.watcher?.close();
    this.watcher = null;
  }

  private async reloadIfChanged(): Promise<void> {
    const { file } = this.options;
    let signature: string;
    try {
      signature = signatureOf(await stat(file));
    } catch (error) {
      if (codeOf(error) !== 'ENOENT') return this.fail(new ApiKeysFileError(file, `cannot be read (${codeOf(error)})`));
      signature = MISSING;
    }
    if (signature === this.signature || this.closed) return;
    this.signature = signature;
    if (signature === MISSING) {
      this.keys = new Map();
      return this.fail(new ApiKeysFileError(file, 'the keys file is gone: every key is refused until it is back'));
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
      // The signature was taken before the read: a change in between is seen by the next check.
      this.keys = loadedApiKeysOf(parseApiKeysDocument(text, file).keys);
    } catch (error) {
      return this.fail(
        error instanceof ApiKeysFileError
          ? error
          : new ApiKeysFileError(file, `cannot be read (${codeOf(error)}); the keys loaded before stay in force`),
      );
    }
    this.report();
  }

  private report(): void {
    const now = this.options.now();
    let active = 0;
    for (const key of this.keys.values()) {
      if (!key.revoked && (key.expiresAtMs === null || key.expiresAtMs > now)) active++;
    }
    this.options.onLoad?.({ file: this.options.file, keys: this.keys.size, active });
  }

  private fail(error: ApiKeysFileError): void {
    this.options.onError?.(error);
  }

  private startWatching(): void {
    const name = basename(this.options.file);
    try {
      // The directory, not the file: an atomic replace (rename) gives the file a new inode.
      this.watcher = watch(dirname(this.options.file), { persistent: false }, (_event, changed) => {
        if (changed === null || changed === name) void this.checkForChange();
      });
      this.watcher.on('error', () => {
        // The poll carries on alone.
        this.watcher?.close();
        this.watcher = null;
      });
    } catch {
      this.watcher = null;
    }
  }

  private static readNow(file: string): { keys: ReadonlyMap<string, LoadedApiKey>; signature: string } {
    let text: string;
    let signature: string;
    try {
      // Taken before the read: if the file changes meanwhile, the first poll reads it again.
      signature = signatureOf(statSync(file));
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const hint =
        codeOf(error) === 'ENOENT'
          ? 'no such keys file; create it with `npx crs-export keys create --file <path> --scopes read,export`'
          : `cannot be read (${codeOf(error)})`;
      throw new ApiKeysFileError(file, hint);
    }
    return { keys: loadedApiKeysOf(parseApiKeysDocument(text, file).keys), signature };
  }
}

function signatureOf(stats: { ino: number; size: number; mtimeMs: number; ctimeMs: number }): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

// The one error an RDB walk raises: which check failed, at which byte offset of the file, and why.

/** The kind of check that failed; callers branch on it (e.g. 'truncated' may mean "download again"). */
export type RdbCheck = 'magic' | 'version' | 'structure' | 'crc' | 'truncated' | 'trailing-bytes';

export class RdbFormatError extends Error {
  override readonly name = 'RdbFormatError';

  constructor(
    readonly check: RdbCheck,
    /** Offset in the file of the byte (or the item) that is wrong. */
    readonly offset: number,
    message: string,
  ) {
    super(`${message} (RDB ${check} check, offset ${offset})`);
  }
}

/** How the walker's parts raise an error: the walker adds where it is (the key, the item) to the message. */
export type RaiseRdbError = (check: RdbCheck, offset: number, problem: string) => Error;

export function isRdbFormatError(error: unknown): error is RdbFormatError {
  return error instanceof RdbFormatError;
}

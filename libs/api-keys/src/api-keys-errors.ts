// The typed errors of this library. None of them ever carries a key, a hash or the pepper.

/** A keys file or pepper file that cannot be used: missing, unreadable, invalid or locked; says what to do. */
export class ApiKeysFileError extends Error {
  override readonly name = 'ApiKeysFileError';
  constructor(
    /** The file at fault (the keys file or its pepper file). */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** revokeApiKey was given an id the keys file does not hold. */
export class ApiKeyNotFoundError extends Error {
  override readonly name = 'ApiKeyNotFoundError';
  constructor(
    readonly path: string,
    readonly keyId: string,
  ) {
    super(`no key ${keyId} in ${path}`);
  }
}

/** A token or pepper that is malformed or looks like a placeholder: refused wherever one is given. */
export class WeakApiKeyError extends Error {
  override readonly name = 'WeakApiKeyError';
}

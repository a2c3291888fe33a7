// The typed errors of this library. None of them ever carries key material or payload contents.

/** A key ring that cannot be built: every problem found, each naming the key by id or position only. */
export class CodecKeyRingError extends Error {
  override readonly name: string = 'CodecKeyRingError';
  constructor(
    /** Where the keys came from: a file path, an environment variable name, or "keys given in code". */
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid payload codec keys (${source}), ${count}: ${problems.join('; ')}`);
  }
}

/** No key configured at all: every payload is encrypted, so a process that needs keys refuses to run without one. */
export class CodecKeysMissingError extends CodecKeyRingError {
  override readonly name = 'CodecKeysMissingError';
  constructor(variables: { readonly keysFile: string; readonly keys: string }) {
    const problem =
      `no payload codec key is configured: set ${variables.keysFile} to a keys file or ${variables.keys} to ` +
      'id:base64key,... (every Temporal payload is encrypted, so this process refuses to run without a key; ' +
      'npm start creates one in .data/codec-keys.json)';
    super(`${variables.keysFile}, ${variables.keys}`, [problem]);
    this.message = problem;
  }
}

/** generateCodecKeyFile never overwrites a key file: that would make every payload written under it unreadable. */
export class CodecKeyFileExistsError extends Error {
  override readonly name = 'CodecKeyFileExistsError';
  constructor(readonly path: string) {
    super(`payload codec key file ${path} already exists; rotate it (rotateCodecKeyFile) instead of replacing it`);
  }
}

/** Why an encrypted payload could not be decrypted. */
export type PayloadDecryptionFailure =
  /** Its key id is not in the key ring (a key removed too early, or another deployment's payload). */
  | 'unknown-key'
  /** The GCM tag did not verify: tampered data, a relabelled key id, or different key material under that id. */
  | 'authentication-failed'
  /** Metadata or data that this codec never writes (no key id, data shorter than IV + tag, ...). */
  | 'malformed'
  /** A cipher other than AES-256-GCM. */
  | 'unsupported-cipher';

export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
  constructor(
    readonly reason: PayloadDecryptionFailure,
    /** The key id the payload names (as read from its metadata), or null when it names none. */
    readonly keyId: string | null,
    message: string,
  ) {
    super(message);
  }
}

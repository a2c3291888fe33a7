// The PayloadCodec that encrypts each whole Payload (metadata and data) with AES-256-GCM under the ring's active key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { codecKeyMaterial, type CodecKeyRing } from './codec-key-ring';
import { PayloadDecryptionError } from './payload-codec-errors';
import { inspectCustom, quoteUntrusted } from './redaction';

/** The `encoding` metadata of an encrypted payload. */
export const ENCRYPTED_PAYLOAD_ENCODING = 'binary/encrypted';
/** Metadata naming the key that encrypted the payload. */
export const ENCRYPTION_KEY_ID_METADATA = 'encryption-key-id';
/** Metadata naming the cipher. */
export const ENCRYPTION_CIPHER_METADATA = 'encryption-cipher';
export const AES_256_GCM = 'AES-256-GCM';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypted payload: metadata `encoding: binary/encrypted`, `encryption-key-id`, `encryption-cipher:
 * AES-256-GCM`; data = IV (12 random bytes) + ciphertext + GCM tag (16 bytes), the plaintext being the
 * protobuf encoding of the original Payload. The key id is the additional authenticated data, so a payload
 * relabelled with another key id fails to decrypt even when both ids hold the same key.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  readonly #ring: CodecKeyRing;

  constructor(ring: CodecKeyRing) {
    this.#ring = ring;
  }

  /** The key id new payloads are encrypted under. */
  get activeKeyId(): string {
    return this.#ring.activeKeyId;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.#encrypt(payload));
  }

  /** Decrypts payloads of this codec's encoding with the key they name; passes any other payload through. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.#decrypt(payload) : payload));
  }

  toJSON(): { codec: string; activeKeyId: string; keyIds: readonly string[] } {
    return { codec: AES_256_GCM, activeKeyId: this.#ring.activeKeyId, keyIds: this.#ring.keyIds };
  }

  toString(): string {
    return `AesGcmPayloadCodec(${this.#ring.toString()})`;
  }

  [inspectCustom](): string {
    return this.toString();
  }

  #encrypt(payload: Payload): Payload {
    const keyId = this.#ring.activeKeyId;
    const key = codecKeyMaterial(this.#ring, keyId);
    if (!key) throw new Error(`the active key ${keyId} is missing from the ring`);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(keyId));
    const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_PAYLOAD_ENCODING),
        [ENCRYPTION_KEY_ID_METADATA]: utf8(keyId),
        [ENCRYPTION_CIPHER_METADATA]: utf8(AES_256_GCM),
      },
      data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
    };
  }

  #decrypt(payload: Payload): Payload {
    const metadata = payload.metadata ?? {};
    const keyIdBytes = metadata[ENCRYPTION_KEY_ID_METADATA];
    if (!keyIdBytes) {
      throw new PayloadDecryptionError(
        'malformed',
        null,
        `cannot decrypt a payload without ${ENCRYPTION_KEY_ID_METADATA}`,
      );
    }
    const keyId = Buffer.from(keyIdBytes).toString('utf8');
    const shownId = quoteUntrusted(keyId);
    const cipherName = metadata[ENCRYPTION_CIPHER_METADATA];
    if (cipherName && Buffer.from(cipherName).toString('utf8') !== AES_256_GCM) {
      const shownCipher = quoteUntrusted(Buffer.from(cipherName).toString('utf8'));
      throw new PayloadDecryptionError(
        'unsupported-cipher',
        keyId,
        `cannot decrypt a payload under key ${shownId}: cipher ${shownCipher} is not supported (only ${AES_256_GCM})`,
      );
    }
    const key = codecKeyMaterial(this.#ring, keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        'unknown-key',
        keyId,
        `cannot decrypt a payload under key ${shownId}: the key ring has no such key (it has ${this.#ring.keyIds.join(', ')})`,
      );
    }
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(
        'malformed',
        keyId,
        `cannot decrypt a payload under key ${shownId}: ${data.length} bytes of data, less than IV and tag (${IV_BYTES + TAG_BYTES})`,
      );
    }
    const iv = data.subarray(0, IV_BYTES);
    const ciphertext = data.subarray(IV_BYTES, data.length - TAG_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(keyId));
      decipher.setAuthTag(tag);
      plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        'authentication-failed',
        keyId,
        `cannot decrypt a payload under key ${shownId}: authentication failed (tampered data, a relabelled key id, or other key material under that id)`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plaintext);
  }
}

function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return (
    encoding !== undefined && encoding !== null && Buffer.from(encoding).toString('utf8') === ENCRYPTED_PAYLOAD_ENCODING
  );
}

/** The GCM additional data: the cipher and the key id, so neither can be changed without failing the tag. */
function additionalData(keyId: string): Buffer {
  return utf8(`${AES_256_GCM}:${keyId}`);
}

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

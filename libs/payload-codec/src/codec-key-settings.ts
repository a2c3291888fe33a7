// The one way every process (worker, API, codec server, tools, suites) turns its configuration into a key ring
// and a data converter, so that all of them encrypt and decrypt alike, and refuse to run without a key.
import type { DataConverter } from '@temporalio/common';
import type { CodecKeyRing } from './codec-key-ring';
import { parseCodecKeyList, readCodecKeyFile } from './codec-key-sources';
import { encryptedDataConverter } from './encrypted-data-converter';
import { CodecKeyRingError, CodecKeysMissingError } from './payload-codec-errors';

/** What the configuration says about the keys (libs/config's `config.codec` has this shape). */
export interface CodecKeySettings {
  /** A keys file (JSON, see readCodecKeyFile), or null. */
  readonly keysFile: string | null;
  /** A key list `id:base64key,id:base64key` (the last one encrypts), wrapped so that it never prints; or null. */
  readonly keys: { reveal(): string } | null;
}

/** The variables the two settings come from, named in errors. */
export const CODEC_KEY_VARIABLES = { keysFile: 'CODEC_KEYS_FILE', keys: 'CODEC_KEYS' } as const;

/**
 * The key ring the settings name: the keys file or the key list (exactly one of them). Throws
 * CodecKeysMissingError when neither is set, and CodecKeyRingError (every problem, never a key) when they
 * are both set or do not hold valid keys.
 */
export async function loadCodecKeyRing(settings: CodecKeySettings): Promise<CodecKeyRing> {
  const { keysFile, keys } = settings;
  if (keysFile !== null && keys !== null) {
    throw new CodecKeyRingError(`${CODEC_KEY_VARIABLES.keysFile} and ${CODEC_KEY_VARIABLES.keys}`, [
      `set one of them, not both`,
    ]);
  }
  if (keysFile !== null) return readCodecKeyFile(keysFile);
  if (keys !== null) return parseCodecKeyList(keys.reveal(), { source: CODEC_KEY_VARIABLES.keys });
  throw new CodecKeysMissingError(CODEC_KEY_VARIABLES);
}

/** `encryptedDataConverter` over the configured keys: for every Client and Worker of crs-export. */
export async function dataConverterFor(config: { readonly codec: CodecKeySettings }): Promise<DataConverter> {
  return encryptedDataConverter(await loadCodecKeyRing(config.codec));
}

// Payload encryption for Temporal (AES-256-GCM with a key ring) and a codec server for the Web UI.
export {
  AES_256_GCM,
  AesGcmPayloadCodec,
  ENCRYPTED_PAYLOAD_ENCODING,
  ENCRYPTION_CIPHER_METADATA,
  ENCRYPTION_KEY_ID_METADATA,
} from './aes-gcm-payload-codec';
export {
  CODEC_KEY_BYTES,
  CODEC_KEY_ID_PATTERN,
  CodecKeyRing,
  type CodecKeyInput,
  type CodecKeyRingOptions,
  type CodecKeyRingSummary,
} from './codec-key-ring';
export { parseCodecKeyFile, parseCodecKeyList, readCodecKeyFile, type CodecKeyFileDocument } from './codec-key-sources';
export {
  generateCodecKeyFile,
  rotateCodecKeyFile,
  type CodecKeyFileChange,
  type CodecKeyFileOptions,
} from './codec-key-file';
export { ENCODED_FAILURE_CONVERTER_PATH, encryptedDataConverter } from './encrypted-data-converter';
export { CODEC_KEY_VARIABLES, dataConverterFor, loadCodecKeyRing, type CodecKeySettings } from './codec-key-settings';
export { bearerTokenAuthorizer } from './codec-access-tokens';
export {
  CODEC_SERVER_HEALTH_PATH,
  createCodecServer,
  generateCodecCapabilityToken,
  type CodecAuthorization,
  type CodecAuthorizer,
  type CodecOperation,
  type CodecRequest,
  type CodecServer,
  type CodecServerOptions,
} from './codec-server';
export {
  CodecKeyFileExistsError,
  CodecKeyRingError,
  CodecKeysMissingError,
  PayloadDecryptionError,
  type PayloadDecryptionFailure,
} from './payload-codec-errors';

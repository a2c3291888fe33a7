// The data converter the Temporal client and worker both use: AES-256-GCM payloads, and failures encoded as payloads.
import { join } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './aes-gcm-payload-codec';
import type { CodecKeyRing } from './codec-key-ring';

/**
 * The module exporting `failureConverter` = `new DefaultFailureConverter({ encodeCommonAttributes: true })`.
 * SDK 1.24's DataConverter takes a failure converter by path only (the workflow sandbox bundles it), so a
 * prebuilt workflow bundle needs it too: `bundleWorkflowCode({ ..., failureConverterPath })`.
 */
export const ENCODED_FAILURE_CONVERTER_PATH = join(__dirname, 'encoded-failure-converter.cjs');

/** For `new Client({ dataConverter })`, `Worker.create({ dataConverter })` and the codec server's peers alike. */
export function encryptedDataConverter(ring: CodecKeyRing): DataConverter {
  return {
    payloadCodecs: [new AesGcmPayloadCodec(ring)],
    failureConverterPath: ENCODED_FAILURE_CONVERTER_PATH,
  };
}

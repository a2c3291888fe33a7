import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DefaultFailureConverter, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec, CodecKeyRing, ENCODED_FAILURE_CONVERTER_PATH, encryptedDataConverter } from './index';

describe('encryptedDataConverter', () => {
  const ring = CodecKeyRing.create([{ id: 'k-1', key: Buffer.alloc(32, 7) }]);

  it('gives one AES-GCM codec over the ring and the path of a failure converter that encodes messages', async () => {
    const converter = encryptedDataConverter(ring);
    expect(converter.payloadCodecs).toHaveLength(1);
    const [codec] = converter.payloadCodecs ?? [];
    expect(codec).toBeInstanceOf(AesGcmPayloadCodec);
    const encoded = await codec?.encode([defaultPayloadConverter.toPayload('x') as Payload]);
    expect(Buffer.from(encoded?.[0]?.metadata?.['encoding'] ?? []).toString()).toBe('binary/encrypted');

    expect(converter.failureConverterPath).toBe(ENCODED_FAILURE_CONVERTER_PATH);
    expect(existsSync(ENCODED_FAILURE_CONVERTER_PATH)).toBe(true);
    // Loaded the way the SDK loads it: Node's own require.
    const loaded = createRequire(__filename)(ENCODED_FAILURE_CONVERTER_PATH) as { failureConverter: unknown };
    expect(loaded.failureConverter).toBeInstanceOf(DefaultFailureConverter);
    expect((loaded.failureConverter as DefaultFailureConverter).options.encodeCommonAttributes).toBe(true);
  });
});

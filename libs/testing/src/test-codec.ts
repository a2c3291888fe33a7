// The payload codec key of the tests: fixed and committed, so that saved replay histories (recorded encrypted
// under it) stay readable. For tests only: no deployment may ever use it (its id says so).
import type { DataConverter } from '@temporalio/common';
import { dataConverterFor } from '@crs-export/payload-codec';
import { Secret } from '@crs-export/config';

export const TEST_CODEC_KEY_ID = 'test-only-fixed-key';
const TEST_CODEC_KEYS = `${TEST_CODEC_KEY_ID}:LBV0ImzR21O2cEb7m7fPC2fHj/z+yZQyNn7K/VPX06Q=`;

/** `CODEC_KEYS` for processes (worker, API) and configurations of a test. */
export const TEST_CODEC_ENV: Readonly<Record<string, string>> = { CODEC_KEYS: TEST_CODEC_KEYS };

/** The data converter of the test key: for every Client and Worker a test creates. */
export function testDataConverter(): Promise<DataConverter> {
  return dataConverterFor({ codec: { keysFile: null, keys: new Secret(TEST_CODEC_KEYS) } });
}

// The suite's API key as the API takes keys (hashed in a keys file with a pepper, as `keys create` writes
// them): one file for every API replica of the run, handed to them as API_KEYS_FILE.
import { writeTestApiKeys } from '@crs-export/testing';

/** The API's environment for the key: the keys file and its pepper; API_KEYS (refused by the API) removed. */
export async function apiKeysEnv(workDir: string, token: string): Promise<NodeJS.ProcessEnv> {
  const keys = await writeTestApiKeys([{ token }], workDir);
  return { API_KEYS: undefined, ...keys.env };
}

// Opens the keys file of the configuration for the API: a missing or invalid file stops start-up with what to
// do; reloads and failed reloads are logged (counts and the file, never a key or a hash).
import type { Logger } from 'pino';
import { ApiKeysFileError, ApiKeyStore, pepperFileFor } from '@crs-export/api-keys';
import { ConfigError, type AppConfig } from '@crs-export/config';

export function openApiKeys(config: AppConfig, logger: Logger): ApiKeyStore {
  const file = config.api.keysFile;
  if (file === null) {
    throw new ConfigError([
      'API_KEYS_FILE: not set, and the API refuses to run without API keys; create a keys file with ' +
        '`npx crs-export keys create --file /path/api-keys.json --scopes read,export` and set API_KEYS_FILE to it',
    ]);
  }
  let loaded = false;
  try {
    return ApiKeyStore.open({
      file,
      pepperFile: config.api.keysPepperFile ?? pepperFileFor(file),
      onLoad: (summary) => {
        const level = summary.active === 0 ? 'warn' : 'info';
        logger[level](summary, loaded ? 'API keys reloaded' : 'API keys loaded');
        loaded = true;
      },
      onError: (error) => logger.error({ file: error.path, problem: error.message }, 'API keys file not reloaded'),
    });
  } catch (error) {
    if (!(error instanceof ApiKeysFileError)) throw error;
    const variable = error.path === file ? 'API_KEYS_FILE' : 'API_KEYS_PEPPER_FILE';
    throw new ConfigError([`${variable}: ${error.message}`]);
  }
}

// Entry point: `npm run api`. Parses the configuration once, starts the API, stops cleanly on SIGTERM/SIGINT.
import { ConfigError, loadConfig } from '@crs-export/config';
import { CodecKeyRingError } from '@crs-export/payload-codec';
import { createApiLogger } from './core/api-logger';
import { createApiApp } from './create-api-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createApiLogger(config.logLevel);
  const app = await createApiApp({ config, logger });
  // Closes the HTTP server, then the Temporal connection (TemporalModule), on SIGTERM/SIGINT.
  app.enableShutdownHooks();
  logger.info({ url: await app.getUrl(), docs: `${await app.getUrl()}/docs` }, 'crs-export API listening');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof CodecKeyRingError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `crs-export API failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});

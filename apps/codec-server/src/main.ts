// The codec server process: Temporal's codec server protocol (POST /encode, /decode) over the payload codec's
// keys, for the Web UI (a token path, CORS for its origin) and the CLI (a bearer token). Stops on SIGTERM/SIGINT.
import { ConfigError, loadConfig } from '@crs-export/config';
import {
  AesGcmPayloadCodec,
  bearerTokenAuthorizer,
  createCodecServer,
  loadCodecKeyRing,
} from '@crs-export/payload-codec';
import { createCodecServerLogger } from './codec-server-logger';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createCodecServerLogger(config.logLevel);
  const { server: settings } = config.codec;
  const tokens = settings.tokens.map((token) => token.reveal());
  if (tokens.length === 0) {
    throw new ConfigError(['CODEC_SERVER_TOKENS: no access token configured; the codec server refuses to run open']);
  }
  const ring = await loadCodecKeyRing(config.codec);
  const server = await createCodecServer({
    codec: new AesGcmPayloadCodec(ring),
    authorize: bearerTokenAuthorizer(tokens),
    capabilityTokens: tokens,
    allowedOrigins: settings.allowedOrigins,
    host: settings.host,
    port: settings.port,
    logger,
  });
  logger.info('codec server listening', {
    url: server.url,
    allowedOrigins: settings.allowedOrigins,
    activeKeyId: ring.activeKeyId,
    keyIds: ring.keyIds,
    accessTokens: tokens.length,
  });
  const stop = (signal: NodeJS.Signals): void => {
    logger.info('codec server stopping', { signal });
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  // Config and key errors name variables and key ids, never a key or a token.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'codec server failed to start', error: message })}\n`);
  process.exit(1);
});

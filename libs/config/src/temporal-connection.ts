// The connection settings every Temporal client and worker of crs-export uses (API, worker, npm start,
// the suites): address, TLS with a CA, mTLS with a client certificate, a server name, an API key.
import { readFileSync } from 'node:fs';
import { ConfigError, temporalAddressOf, type AppConfig } from './app-config';

/** What @temporalio/client's Connection and @temporalio/worker's NativeConnection both accept. */
export interface TemporalConnectionSettings {
  address: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

function readPem(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ConfigError([`${variable}=${JSON.stringify(file)}: cannot be read (${(error as Error).message})`]);
  }
}

/** Reads the certificate files once; a file that cannot be read is a ConfigError naming its variable. */
export function temporalConnectionOptions(config: AppConfig): TemporalConnectionSettings {
  const { tls, apiKey } = config.temporal;
  const settings: TemporalConnectionSettings = { address: temporalAddressOf(config) };
  if (tls.enabled) {
    settings.tls = {
      ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
      ...(tls.caFile ? { serverRootCACertificate: readPem('TEMPORAL_TLS_CA', tls.caFile) } : {}),
      ...(tls.certFile && tls.keyFile
        ? {
            clientCertPair: {
              crt: readPem('TEMPORAL_TLS_CERT', tls.certFile),
              key: readPem('TEMPORAL_TLS_KEY', tls.keyFile),
            },
          }
        : {}),
    };
  }
  if (apiKey) settings.apiKey = apiKey.reveal();
  return settings;
}

// The Temporal Web UI server's config: the frontend it talks to (over the cluster's TLS), its port on 127.0.0.1.
import type { ClusterCertificates } from './cluster-certificates';
import type { TlsMode } from './server-config';

export interface UiConfigInput {
  frontendAddress: string;
  port: number;
  namespace: string;
  tls: { mode: Exclude<TlsMode, 'none'>; certificates: ClusterCertificates } | null;
}

/** As the temporalio/ui image's config (TEMPORAL_ADDRESS, TEMPORAL_TLS_*), written as JSON (valid YAML). */
export function temporalUiConfig(input: UiConfigInput): Record<string, unknown> {
  const url = `http://127.0.0.1:${input.port}`;
  const { tls } = input;
  return {
    temporalGrpcAddress: input.frontendAddress,
    host: '127.0.0.1',
    port: input.port,
    publicPath: '',
    enableUi: true,
    defaultNamespace: input.namespace,
    refreshInterval: '0s',
    notifyOnNewVersion: false,
    showTemporalSystemNamespace: false,
    // Served over plain HTTP on loopback: the CSRF cookie cannot be Secure (the Temporal CLI's UI does the same).
    cors: { allowOrigins: [url, `http://localhost:${input.port}`], cookieInsecure: true },
    auth: { enabled: false },
    tls: tls
      ? {
          caFile: tls.certificates.ca.certFile,
          ...(tls.mode === 'mtls'
            ? { certFile: tls.certificates.client.certFile, keyFile: tls.certificates.client.keyFile }
            : {}),
          serverName: tls.certificates.serverName,
          enableHostVerification: true,
        }
      : {},
  };
}

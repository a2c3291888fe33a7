// Starts the production-like Temporal topology by hand (PostgreSQL + split Temporal server + Web UI, no Docker) until Ctrl-C.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startTemporalCluster, type TemporalCluster, type TlsMode } from '@crs-export/temporal-cluster';

const USAGE = `usage: node tools/run-ts.cjs tools/temporal-cluster.ts [options]
  --data-dir DIR     state, certificates, configs and logs (default .data/temporal-cluster; reused: a warm start)
  --tls MODE         none | tls | mtls (default none, as docker-compose.yml)
  --port N           frontend gRPC port (default: the previous run's, else a free one)
  --ui-port N        Web UI port (default: likewise)
  --no-ui            no Web UI
  --namespace NAME   default: default
  --test-overlay     add the test-only dynamic config (default: the production file alone)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: '.data/temporal-cluster' },
      tls: { type: 'string', default: 'none' },
      port: { type: 'string' },
      'ui-port': { type: 'string' },
      'no-ui': { type: 'boolean', default: false },
      namespace: { type: 'string', default: 'default' },
      'test-overlay': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const tls = values.tls as TlsMode;
  if (!['none', 'tls', 'mtls'].includes(tls)) throw new Error(`--tls must be none, tls or mtls\n${USAGE}`);
  const dataDir = resolve(values['data-dir']);
  let started: TemporalCluster | null = null;
  let stopping = false;
  const shutdown = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('[temporal-cluster] stopping: UI, frontend, history, PostgreSQL\n');
    await started?.stop();
    process.exit(code);
  };
  const cluster = await startTemporalCluster({
    dataDir,
    tls,
    namespace: values.namespace,
    ui: !values['no-ui'],
    dynamicConfig: values['test-overlay'] ? 'test' : 'production',
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values['ui-port'] ? { uiPort: Number(values['ui-port']) } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
    onUnexpectedExit: (name, exit, lines) => {
      process.stderr.write(`[temporal-cluster] ${name} exited (${JSON.stringify(exit)}); last lines:\n`);
      process.stderr.write(`${lines.join('\n')}\n`);
      void shutdown(1);
    },
  });
  started = cluster;
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;
  const memory = Object.entries(cluster.memory())
    .map(([name, group]) =>
      group.processes > 1
        ? `${name} ${mb(group.pssBytes)} PSS (${group.processes} processes, RSS sum ${mb(group.rssBytes)})`
        : `${name} ${mb(group.rssBytes)}`,
    )
    .join(', ');
  const lines = [
    `Temporal cluster is ready (${cluster.startup.cold ? 'cold' : 'warm'} start, ${(cluster.startup.elapsedMs / 1000).toFixed(1)} s)`,
    '',
    `  Temporal     ${cluster.address}   (namespace ${cluster.namespace}; TLS ${cluster.tls?.mode ?? 'none'})`,
    `  Temporal UI  ${cluster.uiUrl ? `${cluster.uiUrl}/namespaces/${cluster.namespace}/workflows` : `none${cluster.uiUnavailable ? `: ${cluster.uiUnavailable}` : ''}`}`,
    `  PostgreSQL   127.0.0.1:${cluster.ports.postgres}   (user temporal, password in ${resolve(dataDir, 'db-password')})`,
    `  Logs         ${resolve(dataDir, 'logs')}/<process>.log`,
    `  Memory       ${memory}`,
    `  Start steps  ${Object.entries(cluster.startup.steps)
      .map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
      .join(', ')}`,
  ];
  if (cluster.tls) {
    lines.push(
      '',
      'Clients (the Temporal CLI reads these):',
      `  export TEMPORAL_ADDRESS=${cluster.address}`,
      `  export TEMPORAL_TLS_SERVER_CA_CERT_PATH=${cluster.tls.caFile}`,
      `  export TEMPORAL_TLS_SERVER_NAME=${cluster.tls.serverName}`,
    );
    if (cluster.tls.clientCertFile && cluster.tls.clientKeyFile) {
      lines.push(
        `  export TEMPORAL_TLS_CLIENT_CERT_PATH=${cluster.tls.clientCertFile}`,
        `  export TEMPORAL_TLS_CLIENT_KEY_PATH=${cluster.tls.clientKeyFile}`,
      );
    }
  } else {
    lines.push(
      '',
      `Clients: TEMPORAL_ADDRESS=${cluster.address} npm start (uses this cluster instead of a dev server)`,
    );
  }
  lines.push('', 'Ctrl-C stops everything.');
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[temporal-cluster] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

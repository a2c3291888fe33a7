// For CI: builds and caches what libs/temporal-cluster runs (server, sql tool, Web UI, CLI; PostgreSQL) and prints the times.
import { provisionClusterToolchain } from '@crs-export/temporal-cluster';

async function main(): Promise<void> {
  const withUi = !process.argv.includes('--no-ui');
  const started = Date.now();
  const toolchain = await provisionClusterToolchain({
    ui: withUi,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const seconds = (ms: number | undefined): string => `${((ms ?? 0) / 1000).toFixed(1)} s`;
  const { timings } = toolchain;
  const lines = [
    `[temporal-cluster] temporal-server    ${toolchain.server.server} (${toolchain.server.source}, ${seconds(timings['temporal-server'])})`,
    `[temporal-cluster] temporal-sql-tool  ${toolchain.server.sqlTool}`,
    `[temporal-cluster] server module      ${toolchain.module.dir} (${seconds(timings['server-module'])})`,
    `[temporal-cluster] temporal CLI       ${toolchain.cliPath} (${seconds(timings['temporal-cli'])})`,
    `[temporal-cluster] PostgreSQL ${toolchain.postgres.major}      ${toolchain.postgres.binDir} (${seconds(timings['postgresql'])})`,
    'path' in toolchain.ui
      ? `[temporal-cluster] Web UI server      ${toolchain.ui.path} (${seconds(timings['temporal-ui-server'])})`
      : `[temporal-cluster] Web UI server      none: ${toolchain.ui.unavailable}`,
    `[temporal-cluster] ready in ${seconds(Date.now() - started)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (withUi && !('path' in toolchain.ui)) process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`[temporal-cluster] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

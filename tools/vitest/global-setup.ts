// Starts one real Temporal dev server for the whole test run and hands its address to every test file.
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { EXPORT_SEARCH_ATTRIBUTES } from '@crs-export/contracts';
import { ensureExportSearchAttributes, findOrBuildTemporalCli, startDevServer } from '@crs-export/dev-temporal';
import { TEST_ENV } from '@crs-export/testing';

export default async function setup(): Promise<() => Promise<void>> {
  const external = process.env['TEMPORAL_ADDRESS'];
  if (external) {
    const connection = await Connection.connect({ address: external });
    await ensureExportSearchAttributes(connection, 'default');
    await connection.close();
    process.env[TEST_ENV.temporalAddress] = external;
    return async () => undefined;
  }
  const cli = await findOrBuildTemporalCli();
  if (cli) {
    const server = await startDevServer({ cliPath: cli.path, uiPort: null });
    process.env[TEST_ENV.temporalAddress] = server.address;
    process.env[TEST_ENV.temporalCli] = cli.path;
    process.stderr.write(`[test] Temporal dev server ${server.address} (CLI from ${cli.source}: ${cli.path})\n`);
    return () => server.stop();
  }
  // No Go toolchain and no CLI: the SDK downloads a dev server (needs internet access).
  const env = await TestWorkflowEnvironment.createLocal({
    server: { searchAttributes: [...EXPORT_SEARCH_ATTRIBUTES] },
  });
  process.env[TEST_ENV.temporalAddress] = env.address;
  return () => env.teardown();
}

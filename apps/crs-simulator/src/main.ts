// The standalone CRS simulator (v2 and 3.0 on one port): reads the config, starts the simulator, logs one
// JSON line, stops on a signal (saving its state file, when it has one).
import { readFileSync } from 'node:fs';
import { loadConfig } from '@crs-export/config';
import { DEMO_SCENARIO, startCrsSimulator } from '@crs-export/crs-simulator';

async function main(): Promise<void> {
  const config = loadConfig();
  const { scenarioFile, adminToken, stateFile } = config.simulator;
  const scenario: unknown = scenarioFile ? JSON.parse(readFileSync(scenarioFile, 'utf8')) : DEMO_SCENARIO;
  const simulator = await startCrsSimulator({
    port: config.simulator.port,
    host: config.simulator.host,
    scenario,
    adminToken,
    stateFile,
  });
  process.stdout.write(
    `${JSON.stringify({
      msg: 'crs simulator listening',
      url: simulator.url,
      endpoint: simulator.endpoint,
      v3Endpoint: simulator.v3Endpoint,
      scenario: scenarioFile ?? 'demo',
      stateFile,
      adminToken: adminToken === null ? 'none' : 'set',
    })}\n`,
  );
  const stop = (signal: string): void => {
    process.stdout.write(`${JSON.stringify({ msg: 'crs simulator stopping', signal })}\n`);
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ msg: 'crs simulator failed to start', error: error instanceof Error ? error.message : String(error) })}\n`,
  );
  process.exit(1);
});

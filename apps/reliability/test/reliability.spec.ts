// The reliability suite on the real stack, in order: bad input first (no faults yet), then faults, crashes
// and restarts, and last the scan for secrets over everything collected. RELIABILITY_TOPOLOGY=production adds
// the production topology's own scenarios (a Temporal process or PostgreSQL killed, one of two workers or API
// replicas down, the simulator restarted, a long outage of the workers and Temporal together);
// RELIABILITY_PROFILE=short runs those alone (with bad input and the scan) to fit CI's time.
import { describe } from 'vitest';
import { apiFailoverScenario } from './scenarios/api-failover.scenario';
import { apiFaultsScenario } from './scenarios/api-faults.scenario';
import { apiRestartScenario } from './scenarios/api-restart.scenario';
import { badInputScenario } from './scenarios/bad-input.scenario';
import { gracefulShutdownScenario } from './scenarios/graceful-shutdown.scenario';
import { longOutageScenario } from './scenarios/long-outage.scenario';
import { postgresRestartScenario } from './scenarios/postgres-restart.scenario';
import { secretsScenario } from './scenarios/secrets.scenario';
import { simulatorRestartScenario } from './scenarios/simulator-restart.scenario';
import { temporalKillScenario } from './scenarios/temporal-kill.scenario';
import { temporalRestartScenario } from './scenarios/temporal-restart.scenario';
import { webUiScenario } from './scenarios/web-ui.scenario';
import { workerCrashScenario } from './scenarios/worker-crash.scenario';
import { workerFailoverScenario } from './scenarios/worker-failover.scenario';
import { SETTINGS, useReliabilitySuite, type ReliabilitySuite } from './support/reliability-suite';

interface Scenario {
  /** The describe block's title. */
  title: string;
  /** The report row it records (null: it records none, as bad input, the UI check and the scan). */
  row: string | null;
  register: (suite: () => ReliabilitySuite) => void;
}

const everywhere: Scenario[] = [
  { title: 'CRS API faults', row: 'API faults', register: apiFaultsScenario },
  { title: 'worker crash', row: 'Worker crash', register: workerCrashScenario },
  { title: 'graceful shutdown', row: 'Graceful shutdown', register: gracefulShutdownScenario },
  { title: 'Temporal restart', row: 'Temporal restart', register: temporalRestartScenario },
  { title: 'API restart', row: 'API restart', register: apiRestartScenario },
];
const productionOnly: Scenario[] = [
  { title: 'Temporal server SIGKILL', row: 'Temporal SIGKILL', register: temporalKillScenario },
  { title: 'PostgreSQL restart', row: 'PostgreSQL restart', register: postgresRestartScenario },
  { title: 'one of two workers SIGKILLed', row: 'Worker failover', register: workerFailoverScenario },
  { title: 'one API replica down', row: 'API replica down', register: apiFailoverScenario },
  { title: 'simulator restart', row: 'Simulator restart', register: simulatorRestartScenario },
  { title: 'workers and Temporal down together', row: 'Long outage', register: longOutageScenario },
  { title: 'Web UI', row: null, register: webUiScenario },
];

const production = SETTINGS.topology === 'production';
const scenarios: Scenario[] = [
  { title: 'bad input', row: null, register: badInputScenario },
  ...(production && SETTINGS.profile === 'short' ? [] : everywhere),
  ...(production ? productionOnly : []),
  { title: 'secrets', row: null, register: secretsScenario },
];

describe(`crs-export on the real stack (${SETTINGS.topology} topology, ${SETTINGS.profile} profile)`, () => {
  const suite = useReliabilitySuite(scenarios.flatMap((scenario) => (scenario.row ? [scenario.row] : [])));
  for (const scenario of scenarios) describe(scenario.title, () => scenario.register(suite));
});

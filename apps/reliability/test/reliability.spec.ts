// The reliability suite on the real stack, in order: bad input first (no faults yet), then faults,
// crashes and restarts, and last the scan for the Tencent secret over everything collected.
import { describe } from 'vitest';
import { apiFaultsScenario } from './scenarios/api-faults.scenario';
import { badInputScenario } from './scenarios/bad-input.scenario';
import { apiRestartScenario } from './scenarios/api-restart.scenario';
import { gracefulShutdownScenario } from './scenarios/graceful-shutdown.scenario';
import { secretsScenario } from './scenarios/secrets.scenario';
import { temporalRestartScenario } from './scenarios/temporal-restart.scenario';
import { workerCrashScenario } from './scenarios/worker-crash.scenario';
import { useReliabilitySuite } from './support/reliability-suite';

describe('crs-export on the real stack', () => {
  const suite = useReliabilitySuite();
  describe('bad input', () => badInputScenario(suite));
  describe('CRS API faults', () => apiFaultsScenario(suite));
  describe('worker crash', () => workerCrashScenario(suite));
  describe('graceful shutdown', () => gracefulShutdownScenario(suite));
  describe('Temporal restart', () => temporalRestartScenario(suite));
  describe('API restart', () => apiRestartScenario(suite));
  describe('secrets', () => secretsScenario(suite));
});

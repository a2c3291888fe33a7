// The simulator without HTTP: scenario state, signature check, faults, call log and download grants,
// shared by the API route, the admin routes and the in-process handle tests use.
import { SimulatorState } from './backup-state-machine';
import { CallLog } from './call-log';
import { OffsetClock, type Clock, systemClock } from './clock';
import { DownloadTokens } from './download-token';
import type { FaultConfig } from './faults';
import { parseScenario, type Scenario } from './scenario';
import { seededRandom, type Random } from './seeded-random';
import { DEFAULT_TIMESTAMP_WINDOW_MS, SignatureCheck } from './signature-check';

export interface SimulatorCoreOptions {
  scenario: Scenario;
  /** Simulated time for the state machines and URL expiry. */
  clock: Clock;
  /** Wall time for the Timestamp window (clients sign with real time). */
  authClock?: Clock;
  seed?: number;
  timestampWindowMs?: number;
  callLogSize?: number;
  faults?: FaultConfig;
}

export const DEFAULT_SEED = 20_161_128;

export class SimulatorCore {
  readonly clock: OffsetClock;
  readonly calls: CallLog;
  readonly downloads = new DownloadTokens();
  readonly signatures: SignatureCheck;
  random: Random;
  state: SimulatorState;
  faults: FaultConfig;
  private scenarioDefinition: Scenario;
  private secretKeys: Map<string, string>;

  constructor(private readonly options: SimulatorCoreOptions) {
    this.clock = new OffsetClock(options.clock);
    this.calls = new CallLog(options.callLogSize ?? 10_000);
    this.random = seededRandom(options.seed ?? DEFAULT_SEED);
    this.faults = options.faults ?? {};
    this.scenarioDefinition = options.scenario;
    this.secretKeys = this.keysOf(options.scenario);
    this.state = new SimulatorState(options.scenario, this.clock);
    this.signatures = new SignatureCheck((secretId) => this.secretKeys.get(secretId), {
      clock: options.authClock ?? systemClock,
      timestampWindowMs: options.timestampWindowMs ?? DEFAULT_TIMESTAMP_WINDOW_MS,
    });
  }

  get scenario(): Scenario {
    return this.scenarioDefinition;
  }

  /** Replaces the whole state with a fresh one from this scenario (validated; throws ScenarioError). */
  setScenario(input: unknown): Scenario {
    const scenario = parseScenario(input);
    this.scenarioDefinition = scenario;
    this.secretKeys = this.keysOf(scenario);
    this.state = new SimulatorState(scenario, this.clock);
    return scenario;
  }

  /** Back to the current scenario's initial state: no tasks, no faults, no calls, no nonces, same seed. */
  reset(): void {
    this.state = new SimulatorState(this.scenarioDefinition, this.clock);
    this.faults = {};
    this.calls.clear();
    this.signatures.reset();
    this.random = seededRandom(this.options.seed ?? DEFAULT_SEED);
  }

  private keysOf(scenario: Scenario): Map<string, string> {
    return new Map(scenario.credentials.map((credential) => [credential.secretId, credential.secretKey]));
  }
}

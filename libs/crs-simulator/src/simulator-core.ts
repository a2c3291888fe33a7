// The simulator without HTTP: scenario and account state, both APIs' signature checks, rate limits,
// faults, the call log, URL signing keys and the state file, shared by the routes and the in-process handle.
import { randomBytes } from 'node:crypto';
import { describeFile, shardFiles, wholeBackupFile, type FileDescription } from './backup-files';
import { callJournalPath, CallLog } from './call-log';
import { OffsetClock, type Clock, systemClock } from './clock';
import { CosUrlSigner } from './cos-url';
import { DownloadFaultPicker } from './download-faults';
import { DownloadTokens } from './download-token';
import type { FaultConfig } from './fault-schema';
import { RateLimiter } from './rate-limits';
import { parseScenario, type Scenario, type ScenarioCredential } from './scenario-schema';
import { seededRandom, type Random } from './seeded-random';
import { DEFAULT_TIMESTAMP_WINDOW_MS, SignatureCheck } from './signature-check';
import { SimulatorState } from './simulator-state';
import { readStateFile, writeStateFile } from './state-file';
import { v3Settings, type V3Settings } from './v3/v3-settings';

export interface SimulatorCoreOptions {
  scenario: Scenario;
  /** Simulated time for the state machines and URL expiry. */
  clock: Clock;
  /** Wall time for the signature windows and rate limits (clients sign with real time). */
  authClock?: Clock;
  seed?: number;
  timestampWindowMs?: number;
  callLogSize?: number;
  faults?: FaultConfig;
  /** Where the state persists; when the file exists it wins over `scenario`. */
  stateFile?: string | null;
}

export const DEFAULT_SEED = 20_161_128;
/** The account of a credential that names none. */
export const DEFAULT_ACCOUNT = '100000000001';

export interface BackupFiles {
  redisId: string;
  backupId: string;
  /** v2's one file and 3.0's per-shard files, with the keys a redis-server that loads each one holds. */
  v2: FileDescription;
  v3: FileDescription[];
}

export class SimulatorCore {
  readonly clock: OffsetClock;
  readonly authClock: Clock;
  readonly calls: CallLog;
  readonly signatures: SignatureCheck;
  readonly rateLimits: RateLimiter;
  readonly downloadFaults = new DownloadFaultPicker();
  readonly downloads: DownloadTokens;
  readonly cos: CosUrlSigner;
  random: Random;
  state: SimulatorState;
  faults: FaultConfig;
  private scenarioDefinition: Scenario;
  private credentials: Map<string, ScenarioCredential>;
  private settings: V3Settings;
  private readonly keys: { downloads: Buffer; cos: Buffer };
  private readonly stateFile: string | null;

  constructor(private readonly options: SimulatorCoreOptions) {
    this.clock = new OffsetClock(options.clock);
    this.authClock = options.authClock ?? systemClock;
    this.stateFile = options.stateFile ?? null;
    const saved = this.stateFile ? readStateFile(this.stateFile) : null;
    const journal = this.stateFile ? callJournalPath(this.stateFile) : null;
    this.calls = new CallLog(options.callLogSize ?? 10_000, journal, saved !== null);
    this.random = seededRandom(options.seed ?? DEFAULT_SEED);
    this.faults = options.faults ?? {};
    this.keys = saved
      ? { downloads: Buffer.from(saved.keys.downloads, 'base64'), cos: Buffer.from(saved.keys.cos, 'base64') }
      : { downloads: randomBytes(32), cos: randomBytes(32) };
    this.downloads = new DownloadTokens(this.keys.downloads);
    this.cos = new CosUrlSigner(this.keys.cos);
    if (saved) this.clock.offset = saved.clockOffsetMs;
    this.scenarioDefinition = saved?.scenario ?? options.scenario;
    this.credentials = this.credentialsOf(this.scenarioDefinition);
    this.settings = v3Settings(this.scenarioDefinition);
    this.state = new SimulatorState(this.scenarioDefinition, this.clock, saved?.account);
    this.rateLimits = new RateLimiter(this.authClock);
    this.signatures = new SignatureCheck((secretId) => this.credentials.get(secretId)?.secretKey, {
      clock: this.authClock,
      timestampWindowMs: options.timestampWindowMs ?? DEFAULT_TIMESTAMP_WINDOW_MS,
    });
    this.persist();
  }

  get scenario(): Scenario {
    return this.scenarioDefinition;
  }

  /** The scenario's 3.0 switches with their defaults. */
  get v3(): V3Settings {
    return this.settings;
  }

  credential(secretId: string): ScenarioCredential | undefined {
    return this.credentials.get(secretId);
  }

  accountOf(secretId: string): string {
    return this.credentials.get(secretId)?.uin ?? DEFAULT_ACCOUNT;
  }

  /** Replaces the whole state with a fresh one from this scenario (validated; throws ScenarioError). */
  setScenario(input: unknown): Scenario {
    const scenario = parseScenario(input);
    this.scenarioDefinition = scenario;
    this.credentials = this.credentialsOf(scenario);
    this.settings = v3Settings(scenario);
    this.state = new SimulatorState(scenario, this.clock);
    this.persist();
    return scenario;
  }

  /** Back to the current scenario's initial state: no tasks, faults, calls, nonces or rate counts; same seed. */
  reset(): void {
    this.state = new SimulatorState(this.scenarioDefinition, this.clock);
    this.faults = {};
    this.calls.clear();
    this.signatures.reset();
    this.rateLimits.reset();
    this.random = seededRandom(this.options.seed ?? DEFAULT_SEED);
    this.persist();
  }

  advance(ms: number): number {
    const now = this.clock.advance(ms);
    this.persist();
    return now;
  }

  /** Writes the state file (when there is one): after every change, before the answer leaves. */
  persist(): void {
    if (!this.stateFile) return;
    writeStateFile(this.stateFile, {
      scenario: this.scenarioDefinition,
      account: this.state.persisted(),
      clockOffsetMs: this.clock.offset,
      keys: { downloads: this.keys.downloads.toString('base64'), cos: this.keys.cos.toString('base64') },
    });
  }

  /** A backup's files as both APIs serve them, or null if there is no such backup. */
  files(redisId: string, backupId: string): BackupFiles | null {
    const instance = this.state.instanceById(redisId);
    const backup = instance ? this.state.backupOf(instance, backupId) : undefined;
    if (!instance || !backup) return null;
    return {
      redisId,
      backupId,
      v2: describeFile(wholeBackupFile(instance.profile, backup)),
      v3: shardFiles(instance.profile, backup).map(describeFile),
    };
  }

  private credentialsOf(scenario: Scenario): Map<string, ScenarioCredential> {
    return new Map(scenario.credentials.map((credential) => [credential.secretId, credential]));
  }
}

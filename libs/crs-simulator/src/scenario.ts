// The simulator's scenario (DESIGN.md "CRS simulator"): its types and its validation on load.
import { canonicalRegion, regionIdOf } from './regions';
import type { ErrorShape } from './error-codes';

export type ExportOutcome = 'success' | 'failed' | 'error';

export interface ScenarioCredential {
  secretId: string;
  secretKey: string;
}

export interface ScenarioBackup {
  backupId: string;
  /** 1 locked, 2 normal, -1 expired, 3 exporting, 4 exported. */
  status: number;
  backupType: string;
  /** `YYYY-MM-DD HH:mm:ss`. */
  startTime: string;
  remark?: string;
  /** Overrides the scenario's exportDurationMs for this backup. */
  exportDurationMs?: number;
  /** How its export task ends: success (task 2, backup 4), failed (task 3) or error (task -1), backup back to 2. */
  exportOutcome: ExportOutcome;
  /** Size of the RDB file served for it. */
  rdbBytes: number;
}

/** Optional DescribeRedis fields an instance may set; the simulator fills plausible defaults. */
export interface ScenarioInstanceExtras {
  appid?: number;
  projectId?: number;
  zoneId?: number;
  vpcId?: number;
  subnetId?: number;
  unVpcId?: string;
  unSubnetId?: string;
  statusDesc?: string;
  wanIp?: string;
  port?: number;
  createtime?: string;
  deadlineTime?: string;
  size?: number;
  sizeUsed?: number;
  typeIddesc?: string;
  autoRenewFlag?: number;
}

export interface ScenarioInstance extends ScenarioInstanceExtras {
  redisId: string;
  redisName: string;
  /** Short region name (`gz`); a long name (`ap-guangzhou`) is accepted and stored short. */
  region: string;
  regionId: number;
  /** 1 cluster, 2 master-replica. */
  typeId: number;
  /** 0 to be initialised, 1 in process, 2 running, -2 isolated. */
  status: number;
  backups: ScenarioBackup[];
}

export interface Scenario {
  credentials: ScenarioCredential[];
  errorShape: ErrorShape;
  /** Default duration of an export task (queued for its first tenth, at most 1 s, then running). */
  exportDurationMs: number;
  /** Duration of a ManualBackupInstance task; defaults to exportDurationMs. */
  backupDurationMs?: number;
  /** Lifetime of download URLs; 12 hours by default, as Tencent documents. */
  urlTtlMs?: number;
  /** Send every number in responses as a string (Tencent's docs show both). */
  numbersAsStrings?: boolean;
  instances: ScenarioInstance[];
}

export const DEFAULT_URL_TTL_MS = 12 * 3600 * 1000;
export const DEFAULT_RDB_BYTES = 65_536;
/** Smallest RDB the simulator can lay out with its header, aux fields and sample keys. */
export const MIN_RDB_BYTES = 512;

export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid CRS simulator scenario:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ScenarioError';
  }
}

const BACKUP_STATUSES = [1, 2, -1, 3, 4];
const TIME_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const TOP_KEYS = [
  'credentials',
  'errorShape',
  'exportDurationMs',
  'backupDurationMs',
  'urlTtlMs',
  'numbersAsStrings',
  'instances',
];
const INSTANCE_KEYS = [
  'redisId',
  'redisName',
  'region',
  'regionId',
  'typeId',
  'status',
  'backups',
  'appid',
  'projectId',
  'zoneId',
  'vpcId',
  'subnetId',
  'unVpcId',
  'unSubnetId',
  'statusDesc',
  'wanIp',
  'port',
  'createtime',
  'deadlineTime',
  'size',
  'sizeUsed',
  'typeIddesc',
  'autoRenewFlag',
];
const INSTANCE_NUMBER_EXTRAS = [
  'appid',
  'projectId',
  'zoneId',
  'vpcId',
  'subnetId',
  'port',
  'size',
  'sizeUsed',
  'autoRenewFlag',
];
const INSTANCE_STRING_EXTRAS = [
  'unVpcId',
  'unSubnetId',
  'statusDesc',
  'wanIp',
  'createtime',
  'deadlineTime',
  'typeIddesc',
];
const BACKUP_KEYS = [
  'backupId',
  'status',
  'backupType',
  'startTime',
  'remark',
  'exportDurationMs',
  'exportOutcome',
  'rdbBytes',
];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Checker {
  readonly problems: string[] = [];

  unknownKeys(value: Json, allowed: string[], at: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.problems.push(`${at}.${key}: unknown field (allowed: ${allowed.join(', ')})`);
    }
  }

  string(value: unknown, at: string, pattern?: RegExp, hint?: string): string {
    if (typeof value !== 'string' || value.length === 0) {
      this.problems.push(`${at}: expected a non-empty string`);
      return '';
    }
    if (pattern && !pattern.test(value))
      this.problems.push(`${at}: ${JSON.stringify(value)} is not ${hint ?? pattern.source}`);
    return value;
  }

  int(value: unknown, at: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${at}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
      return min;
    }
    return value;
  }

  oneOf<T>(value: unknown, allowed: readonly T[], at: string): T {
    if (!allowed.includes(value as T)) {
      this.problems.push(
        `${at}: expected one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}, got ${JSON.stringify(value)}`,
      );
      return allowed[0] as T;
    }
    return value as T;
  }
}

/** Validates a scenario (parsed JSON) and returns it normalised; throws ScenarioError listing every problem. */
export function parseScenario(input: unknown): Scenario {
  const check = new Checker();
  if (!isObject(input)) throw new ScenarioError(['scenario: expected a JSON object']);
  check.unknownKeys(input, TOP_KEYS, 'scenario');

  const credentials: ScenarioCredential[] = [];
  if (!Array.isArray(input['credentials']) || input['credentials'].length === 0) {
    check.problems.push('credentials: expected a non-empty array of { secretId, secretKey }');
  } else {
    input['credentials'].forEach((raw: unknown, i) => {
      const at = `credentials[${i}]`;
      if (!isObject(raw)) return void check.problems.push(`${at}: expected an object`);
      check.unknownKeys(raw, ['secretId', 'secretKey'], at);
      credentials.push({
        secretId: check.string(raw['secretId'], `${at}.secretId`),
        secretKey: check.string(raw['secretKey'], `${at}.secretKey`),
      });
    });
  }

  const errorShape = check.oneOf(input['errorShape'] ?? 'code', ['code', 'module'] as const, 'errorShape');
  const exportDurationMs = check.int(input['exportDurationMs'] ?? 3000, 'exportDurationMs', 0, 7 * 86_400_000);
  const scenario: Scenario = { credentials, errorShape, exportDurationMs, instances: [] };
  if (input['backupDurationMs'] !== undefined)
    scenario.backupDurationMs = check.int(input['backupDurationMs'], 'backupDurationMs', 0, 7 * 86_400_000);
  if (input['urlTtlMs'] !== undefined) scenario.urlTtlMs = check.int(input['urlTtlMs'], 'urlTtlMs', 1, 30 * 86_400_000);
  if (input['numbersAsStrings'] !== undefined) {
    if (typeof input['numbersAsStrings'] !== 'boolean') check.problems.push('numbersAsStrings: expected true or false');
    else scenario.numbersAsStrings = input['numbersAsStrings'];
  }

  const seenRedisIds = new Set<string>();
  if (!Array.isArray(input['instances'])) {
    check.problems.push('instances: expected an array');
  } else {
    input['instances'].forEach((raw: unknown, i) => {
      const instance = parseInstance(check, raw, `instances[${i}]`);
      if (!instance) return;
      if (seenRedisIds.has(instance.redisId))
        check.problems.push(`instances[${i}].redisId: duplicate ${instance.redisId}`);
      seenRedisIds.add(instance.redisId);
      scenario.instances.push(instance);
    });
  }
  if (check.problems.length > 0) throw new ScenarioError(check.problems);
  return scenario;
}

function parseInstance(check: Checker, raw: unknown, at: string): ScenarioInstance | null {
  if (!isObject(raw)) {
    check.problems.push(`${at}: expected an object`);
    return null;
  }
  check.unknownKeys(raw, INSTANCE_KEYS, at);
  const regionName = check.string(raw['region'], `${at}.region`);
  const region = canonicalRegion(regionName);
  if (regionName && !region) check.problems.push(`${at}.region: unknown region ${JSON.stringify(regionName)}`);
  const expectedRegionId = region ? regionIdOf(region) : null;
  const regionId =
    raw['regionId'] === undefined ? (expectedRegionId ?? 0) : check.int(raw['regionId'], `${at}.regionId`, 0, 1000);
  if (expectedRegionId !== null && regionId !== expectedRegionId) {
    check.problems.push(`${at}.regionId: ${regionId} does not match region ${region} (regionId ${expectedRegionId})`);
  }
  const instance: ScenarioInstance = {
    redisId: check.string(raw['redisId'], `${at}.redisId`, ID_PATTERN, 'an id of letters, digits, . _ - (at most 64)'),
    redisName: check.string(raw['redisName'], `${at}.redisName`),
    region: region ?? regionName,
    regionId,
    typeId: check.int(raw['typeId'], `${at}.typeId`, 1, 2),
    status: check.oneOf(raw['status'] ?? 2, [0, 1, 2, -2], `${at}.status`),
    backups: [],
  };
  const extras = instance as unknown as Json;
  for (const key of INSTANCE_NUMBER_EXTRAS) {
    if (raw[key] !== undefined) extras[key] = check.int(raw[key], `${at}.${key}`, 0, Number.MAX_SAFE_INTEGER);
  }
  for (const key of INSTANCE_STRING_EXTRAS) {
    if (raw[key] !== undefined) extras[key] = check.string(raw[key], `${at}.${key}`);
  }
  const seenBackupIds = new Set<string>();
  if (!Array.isArray(raw['backups'])) {
    if (raw['backups'] !== undefined) check.problems.push(`${at}.backups: expected an array`);
  } else {
    raw['backups'].forEach((rawBackup: unknown, j) => {
      const backup = parseBackup(check, rawBackup, `${at}.backups[${j}]`);
      if (!backup) return;
      if (seenBackupIds.has(backup.backupId))
        check.problems.push(`${at}.backups[${j}].backupId: duplicate ${backup.backupId}`);
      seenBackupIds.add(backup.backupId);
      instance.backups.push(backup);
    });
  }
  return instance;
}

function parseBackup(check: Checker, raw: unknown, at: string): ScenarioBackup | null {
  if (!isObject(raw)) {
    check.problems.push(`${at}: expected an object`);
    return null;
  }
  check.unknownKeys(raw, BACKUP_KEYS, at);
  const backup: ScenarioBackup = {
    backupId: check.string(
      raw['backupId'],
      `${at}.backupId`,
      ID_PATTERN,
      'an id of letters, digits, . _ - (at most 64)',
    ),
    status: check.oneOf(raw['status'], BACKUP_STATUSES, `${at}.status`),
    backupType: check.oneOf(
      raw['backupType'] ?? 'manualBackupInstance',
      ['manualBackupInstance', 'systemBackupInstance'],
      `${at}.backupType`,
    ),
    startTime: check.string(raw['startTime'], `${at}.startTime`, TIME_PATTERN, 'a time like "2026-11-28 03:00:00"'),
    exportOutcome: check.oneOf(
      raw['exportOutcome'] ?? 'success',
      ['success', 'failed', 'error'] as const,
      `${at}.exportOutcome`,
    ),
    rdbBytes: check.int(raw['rdbBytes'] ?? DEFAULT_RDB_BYTES, `${at}.rdbBytes`, MIN_RDB_BYTES, 2 ** 40),
  };
  if (raw['remark'] !== undefined) {
    if (typeof raw['remark'] !== 'string') check.problems.push(`${at}.remark: expected a string`);
    else backup.remark = raw['remark'];
  }
  if (raw['exportDurationMs'] !== undefined)
    backup.exportDurationMs = check.int(raw['exportDurationMs'], `${at}.exportDurationMs`, 0, 7 * 86_400_000);
  return backup;
}

// Readers of the 3.0 answers: each turns the SDK's `Response` object into its typed result, coercing numbers
// and booleans that arrive as strings, and refuses an answer that does not fit with an InvalidResponse that
// names the field and the type it got, never the value (a value may be a URL or a key).
import { CrsApiError } from '@crs-export/contracts';
import type {
  DescribeBackupDetailResult,
  DescribeBackupDownloadRestrictionResult,
  DescribeBackupUrlResult,
  DescribeInstanceBackupsResult,
  DescribeInstancesResult,
  DescribeTaskInfoResult,
  ManualBackupInstanceResult,
  V3ActionName,
  V3Backup,
  V3BackupFile,
  V3Instance,
  V3LimitVpc,
} from './v3-actions';

type Fields = Record<string, unknown>;

const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the fields of one object of an answer; `path` names it in errors (`InstanceSet[2]`). */
class FieldReader {
  constructor(
    private readonly action: V3ActionName,
    private readonly fields: Fields,
    private readonly path: string,
  ) {}

  private fail(name: string, expected: string, value: unknown): never {
    const where = this.path ? `${this.path}.${name}` : name;
    throw CrsApiError.invalidResponse(this.action, `${where}: expected ${expected}, got ${kindOf(value)}`, 200, {
      apiVersion: 3,
      retryable: false,
    });
  }

  private present(name: string): unknown {
    const value = this.fields[name];
    return value === undefined ? null : value;
  }

  /** A number; numeric strings (`"6954227"`) are coerced. */
  number(name: string): number {
    const value = this.optionalNumber(name);
    return value ?? this.fail(name, 'a number', this.present(name));
  }

  optionalNumber(name: string): number | null {
    const value = this.present(name);
    if (value === null) return null;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && NUMERIC_TEXT.test(value.trim())) return Number(value.trim());
    return this.fail(name, 'a number', value);
  }

  integer(name: string): number {
    const value = this.number(name);
    return Number.isInteger(value) ? value : this.fail(name, 'an integer', value);
  }

  optionalInteger(name: string): number | null {
    const value = this.optionalNumber(name);
    return value === null || Number.isInteger(value) ? value : this.fail(name, 'an integer', value);
  }

  /** A string; a number is taken as its decimal text (a BackupType of 0 is "0"). */
  string(name: string): string {
    const value = this.optionalString(name);
    return value ?? this.fail(name, 'a string', this.present(name));
  }

  optionalString(name: string): string | null {
    const value = this.present(name);
    if (value === null) return null;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return this.fail(name, 'a string', value);
  }

  /** true/false, 1/0 or their strings. */
  optionalBoolean(name: string): boolean | null {
    const value = this.present(name);
    if (value === null) return null;
    if (typeof value === 'boolean') return value;
    if (value === 1 || value === '1' || value === 'true') return true;
    if (value === 0 || value === '0' || value === 'false') return false;
    return this.fail(name, 'a boolean', value);
  }

  /** A list (null or missing: empty); `read` reads each entry. */
  list<T>(name: string, read: (entry: unknown, path: string) => T): T[] {
    const value = this.present(name);
    if (value === null) return [];
    if (!Array.isArray(value)) return this.fail(name, 'an array', value);
    return value.map((entry, index) => read(entry, `${this.path ? `${this.path}.` : ''}${name}[${index}]`));
  }

  /** A reader of a nested object (a list entry). */
  object(entry: unknown, path: string): FieldReader {
    if (!isFields(entry)) {
      throw CrsApiError.invalidResponse(this.action, `${path}: expected an object, got ${kindOf(entry)}`, 200, {
        apiVersion: 3,
        retryable: false,
      });
    }
    return new FieldReader(this.action, entry, path);
  }

  /** A list of strings (null or missing: empty). */
  strings(name: string): string[] {
    const value = this.present(name);
    if (value === null) return [];
    if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
      return this.fail(name, 'a list of strings', value);
    }
    return value as string[];
  }
}

function readerOf(action: V3ActionName, answer: unknown): FieldReader {
  if (!isFields(answer)) {
    throw CrsApiError.invalidResponse(action, `Response: expected an object, got ${kindOf(answer)}`, 200, {
      apiVersion: 3,
      retryable: false,
    });
  }
  return new FieldReader(action, answer, '');
}

function requestIdOf(reader: FieldReader): string {
  return reader.optionalString('RequestId') ?? '';
}

/** InstanceTags may be absent or null; every entry needs a string key and value. */
function tagsOf(reader: FieldReader): { TagKey: string; TagValue: string }[] {
  return reader.list('InstanceTags', (entry, path) => {
    const tag = reader.object(entry, path);
    return { TagKey: tag.string('TagKey'), TagValue: tag.optionalString('TagValue') ?? '' };
  });
}

function readInstance(reader: FieldReader): V3Instance {
  return {
    InstanceId: reader.string('InstanceId'),
    InstanceName: reader.optionalString('InstanceName') ?? '',
    Status: reader.integer('Status'),
    Type: reader.optionalInteger('Type'),
    ProductType: reader.optionalString('ProductType'),
    RedisShardNum: reader.optionalInteger('RedisShardNum'),
    RedisReplicasNum: reader.optionalInteger('RedisReplicasNum'),
    RedisShardSize: reader.optionalNumber('RedisShardSize'),
    Size: reader.optionalNumber('Size'),
    Engine: reader.optionalString('Engine'),
    CurrentRedisVersion: reader.optionalString('CurrentRedisVersion'),
    Region: reader.optionalString('Region'),
    ProductVersion: reader.optionalString('ProductVersion'),
    BackupMode: reader.optionalString('BackupMode'),
    InstanceTags: tagsOf(reader),
  };
}

export function readDescribeInstances(answer: unknown): DescribeInstancesResult {
  const reader = readerOf('DescribeInstances', answer);
  const instances = reader.list('InstanceSet', (entry, path) => readInstance(reader.object(entry, path)));
  return {
    TotalCount: reader.optionalInteger('TotalCount') ?? instances.length,
    InstanceSet: instances,
    RequestId: requestIdOf(reader),
  };
}

function readBackup(reader: FieldReader): V3Backup {
  return {
    BackupId: reader.string('BackupId'),
    StartTime: reader.string('StartTime'),
    EndTime: reader.optionalString('EndTime'),
    ExpireTime: reader.optionalString('ExpireTime'),
    BackupType: reader.optionalString('BackupType'),
    Status: reader.integer('Status'),
    Locked: reader.optionalInteger('Locked'),
    Remark: reader.optionalString('Remark') ?? '',
    BackupSize: reader.optionalNumber('BackupSize'),
    InstanceId: reader.optionalString('InstanceId'),
    InstanceName: reader.optionalString('InstanceName'),
    Region: reader.optionalString('Region'),
    FileType: reader.optionalString('FileType'),
    Encrypted: reader.optionalBoolean('Encrypted'),
  };
}

export function readDescribeInstanceBackups(answer: unknown): DescribeInstanceBackupsResult {
  const reader = readerOf('DescribeInstanceBackups', answer);
  const backups = reader.list('BackupSet', (entry, path) => readBackup(reader.object(entry, path)));
  return {
    TotalCount: reader.optionalInteger('TotalCount') ?? backups.length,
    BackupSet: backups,
    RequestId: requestIdOf(reader),
  };
}

/** Reads the fields it names and nothing else: `DecryptKey` is never looked at, so it cannot leak from here. */
export function readDescribeBackupDetail(answer: unknown): DescribeBackupDetailResult {
  const reader = readerOf('DescribeBackupDetail', answer);
  return {
    BackupId: reader.string('BackupId'),
    StartTime: reader.optionalString('StartTime'),
    EndTime: reader.optionalString('EndTime'),
    BackupType: reader.optionalString('BackupType'),
    Status: reader.optionalInteger('Status'),
    Remark: reader.optionalString('Remark') ?? '',
    Locked: reader.optionalInteger('Locked'),
    BackupSize: reader.optionalNumber('BackupSize'),
    InstanceType: reader.optionalInteger('InstanceType'),
    MemSize: reader.optionalNumber('MemSize'),
    ShardNum: reader.optionalInteger('ShardNum'),
    ReplicasNum: reader.optionalInteger('ReplicasNum'),
    Encrypted: reader.optionalBoolean('Encrypted'),
    KmsKeyId: reader.optionalString('KmsKeyId'),
    KeyAlgorithm: reader.optionalString('KeyAlgorithm'),
    RequestId: requestIdOf(reader),
  };
}

export function readManualBackupInstance(answer: unknown): ManualBackupInstanceResult {
  const reader = readerOf('ManualBackupInstance', answer);
  return { TaskId: reader.integer('TaskId'), RequestId: requestIdOf(reader) };
}

export function readDescribeTaskInfo(answer: unknown): DescribeTaskInfoResult {
  const reader = readerOf('DescribeTaskInfo', answer);
  return {
    Status: reader.string('Status').trim().toLowerCase(),
    StartTime: reader.optionalString('StartTime'),
    TaskType: reader.optionalString('TaskType'),
    InstanceId: reader.optionalString('InstanceId'),
    TaskMessage: reader.optionalString('TaskMessage') ?? '',
    RequestId: requestIdOf(reader),
  };
}

function readBackupFile(reader: FieldReader): V3BackupFile {
  return {
    FileName: reader.optionalString('FileName') ?? '',
    FileSize: reader.optionalNumber('FileSize'),
    DownloadUrl: reader.optionalString('DownloadUrl') ?? '',
    InnerDownloadUrl: reader.optionalString('InnerDownloadUrl') ?? '',
  };
}

/**
 * `BackupInfos` when it lists files; otherwise the deprecated arrays, which older answers carry alone
 * (crs-v3-api.md §1.5): entry i of `DownloadUrl`, `InnerDownloadUrl` and `Filenames` is file i.
 */
export function readDescribeBackupUrl(answer: unknown): DescribeBackupUrlResult {
  const reader = readerOf('DescribeBackupUrl', answer);
  const infos = reader.list('BackupInfos', (entry, path) => readBackupFile(reader.object(entry, path)));
  const requestId = requestIdOf(reader);
  if (infos.length > 0) return { BackupInfos: infos, fromDeprecatedArrays: false, RequestId: requestId };
  const extranet = reader.strings('DownloadUrl');
  const intranet = reader.strings('InnerDownloadUrl');
  const names = reader.strings('Filenames');
  const count = Math.max(extranet.length, intranet.length);
  if (count === 0) return { BackupInfos: [], fromDeprecatedArrays: false, RequestId: requestId };
  const files = Array.from({ length: count }, (_, index) => ({
    FileName: names[index] ?? '',
    FileSize: null,
    DownloadUrl: extranet[index] ?? '',
    InnerDownloadUrl: intranet[index] ?? '',
  }));
  return { BackupInfos: files, fromDeprecatedArrays: true, RequestId: requestId };
}

function readLimitVpc(reader: FieldReader): V3LimitVpc {
  return { Region: reader.optionalString('Region') ?? '', VpcList: reader.strings('VpcList') };
}

export function readDescribeBackupDownloadRestriction(answer: unknown): DescribeBackupDownloadRestrictionResult {
  const reader = readerOf('DescribeBackupDownloadRestriction', answer);
  return {
    LimitType: reader.string('LimitType'),
    VpcComparisonSymbol: reader.optionalString('VpcComparisonSymbol'),
    IpComparisonSymbol: reader.optionalString('IpComparisonSymbol'),
    LimitVpc: reader.list('LimitVpc', (entry, path) => readLimitVpc(reader.object(entry, path))),
    LimitIp: reader.strings('LimitIp'),
    RequestId: requestIdOf(reader),
  };
}

// The five CRS v2 actions the product uses (and ManualBackupInstance), over the simulated account.
import { DEFAULT_STORAGE_DAYS, type SimBackup, type SimInstance, type SimulatorState } from './simulator-state';
import { CrsSimError } from './error-codes';
import { DEFAULT_URL_TTL_MS } from './scenario-schema';
import type { DownloadTokens } from './download-token';

export interface ActionContext {
  state: SimulatorState;
  /** Short region name of the request (`gz`). */
  region: string;
  params: Record<string, string>;
  /** The Host header the request came in on: download URLs point back at it. */
  host: string;
  downloads: DownloadTokens;
  now: number;
}

export interface ActionResult {
  data: Record<string, unknown>;
  /** Sent at the top level, beside `data`, as Tencent does for list actions. */
  totalCount?: number;
}

export type ActionHandler = (context: ActionContext) => ActionResult;

const TIME_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function invalid(name: string, problem: string): CrsSimError {
  return new CrsSimError(11201, `(${name}) ${problem}`, 'InvalidParameter');
}

function requiredString(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value.trim() === '') throw invalid(name, 'is required');
  return value;
}

/** limit/offset are documented as required; a missing one takes its usual default. */
function intParam(params: Record<string, string>, name: string, fallback: number, min: number, max: number): number {
  const raw = params[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw invalid(name, `must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

function optionalTime(params: Record<string, string>, name: string): string | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  if (!TIME_PATTERN.test(raw)) throw invalid(name, `must look like "2017-02-08 16:46:34", got ${JSON.stringify(raw)}`);
  return raw;
}

function page<T>(items: T[], params: Record<string, string>): { rows: T[]; totalCount: number } {
  const limit = intParam(params, 'limit', 20, 1, 100);
  const offset = intParam(params, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  return { rows: items.slice(offset, offset + limit), totalCount: items.length };
}

function existingInstance(context: ActionContext): SimInstance {
  const redisId = requiredString(context.params, 'redisId');
  const instance = context.state.instanceIn(context.region, redisId);
  if (!instance)
    throw new CrsSimError(10701, `instance ${redisId} does not exist in region ${context.region}`, 'InstanceNotExists');
  return instance;
}

function existingBackup(context: ActionContext, instance: SimInstance): SimBackup {
  const backupId = requiredString(context.params, 'backupId');
  const backup = context.state.backupOf(instance, backupId);
  if (!backup)
    throw new CrsSimError(
      11213,
      `backup ${backupId} does not exist for instance ${instance.profile.redisId}`,
      'BackupNotExists',
    );
  return backup;
}

function describeInstance(state: SimulatorState, instance: SimInstance): Record<string, unknown> {
  const { definition, profile } = instance;
  const status = state.instanceStatus(instance);
  return {
    redisName: profile.redisName,
    redisId: profile.redisId,
    appid: profile.appid,
    projectId: profile.projectId,
    regionId: profile.regionId,
    zoneId: profile.zoneId,
    vpcId: profile.vpcId,
    subnetId: profile.subnetId,
    unVpcId: profile.unVpcId,
    unSubnetId: profile.unSubnetId,
    status,
    statusDesc:
      definition.statusDesc ??
      { 0: 'ToBeInitialized', 1: 'Processing', 2: 'Running', [-2]: 'Isolated', [-3]: 'ToBeDeleted' }[status] ??
      '',
    wanIp: profile.wanIp,
    port: profile.port,
    createtime: profile.createtime,
    deadlineTime: profile.deadlineTime,
    size: profile.sizeMb,
    sizeUsed: profile.sizeUsed,
    typeId: profile.typeId,
    typeIddesc: definition.typeIddesc ?? (profile.cluster ? 'Cluster' : 'Master-Replica'),
    autoRenewFlag: profile.autoRenewFlag,
  };
}

function describeRedis(context: ActionContext): ActionResult {
  const { params } = context;
  const orderType = intParam(params, 'orderType', 1, 0, 1);
  let instances = context.state.instancesIn(context.region);
  if (params['redisId']) instances = instances.filter((instance) => instance.definition.redisId === params['redisId']);
  if (params['redisName'])
    instances = instances.filter((instance) => instance.definition.redisName === params['redisName']);
  // Scenario order is creation order; descending (the default) lists the newest first.
  if (orderType === 1) instances = [...instances].reverse();
  const { rows, totalCount } = page(instances, params);
  return { totalCount, data: { redisSet: rows.map((instance) => describeInstance(context.state, instance)) } };
}

function getRedisBackupList(context: ActionContext): ActionResult {
  const instance = existingInstance(context);
  const beginTime = optionalTime(context.params, 'beginTime');
  const endTime = optionalTime(context.params, 'endTime');
  // The fixed-width time format sorts as text, so a string comparison filters by start time.
  const backups = context.state
    .backupsOf(instance)
    .filter(
      (backup) =>
        (beginTime === undefined || backup.startTime >= beginTime) &&
        (endTime === undefined || backup.startTime <= endTime),
    );
  const { rows, totalCount } = page(backups, context.params);
  return {
    totalCount,
    data: {
      redisBackupSet: rows.map((backup) => ({
        startTime: backup.startTime,
        backupId: backup.backupId,
        backupType: backup.backupType,
        status: backup.status,
        remark: backup.remark ?? '',
        locked: backup.status === 1 ? 1 : 0,
      })),
    },
  };
}

function exportRedisBackup(context: ActionContext): ActionResult {
  requiredString(context.params, 'backupId');
  const instance = existingInstance(context);
  if (!instance.profile.cluster) {
    throw new CrsSimError(
      11214,
      `Only the backup of a cluster instance can be exported; ${instance.profile.redisId} is not a cluster instance`,
      'OnlyClusterInstanceCanExportBackup',
    );
  }
  const backup = existingBackup(context, instance);
  if (backup.status !== 2) {
    throw new CrsSimError(
      10711,
      `a cluster instance can only export a backup with status 2; backup ${backup.backupId} has status ${backup.status}`,
      'BackupStatusInvalid',
    );
  }
  const task = context.state.startExport(instance, backup);
  return { data: { requestId: task.requestId } };
}

function describeTaskInfo(context: ActionContext): ActionResult {
  const raw = requiredString(context.params, 'requestId');
  if (!/^\d+$/.test(raw))
    throw invalid('requestId', `must be a task id (an unsigned integer), got ${JSON.stringify(raw)}`);
  const task = context.state.task(Number(raw));
  if (!task) throw invalid('requestId', `no task ${raw}`);
  return { data: { status: context.state.taskStatus(task) } };
}

function getBackupDownloadUrl(context: ActionContext): ActionResult {
  requiredString(context.params, 'backupId');
  const instance = existingInstance(context);
  const backup = existingBackup(context, instance);
  // A cluster backup must be exported first; a master-replica backup is downloadable as it is.
  const cluster = instance.profile.cluster;
  const downloadable = cluster ? backup.status === 4 : backup.status === 2 || backup.status === 4;
  if (!downloadable) {
    const need = cluster ? 'exported (status 4)' : 'normal (status 2)';
    throw new CrsSimError(
      10711,
      `backup ${backup.backupId} has status ${backup.status}; it must be ${need} to be downloaded`,
      'BackupStatusAbnormal',
    );
  }
  const expiresAt = context.now + (context.state.scenario.urlTtlMs ?? DEFAULT_URL_TTL_MS);
  const token = context.downloads.issue({ redisId: instance.profile.redisId, backupId: backup.backupId, expiresAt });
  return {
    data: {
      intranet: `http://${context.host}/download/${token}.rdb?network=intranet`,
      extranet: `http://${context.host}/download/${token}.rdb`,
    },
  };
}

function manualBackupInstance(context: ActionContext): ActionResult {
  const instance = existingInstance(context);
  const status = context.state.instanceStatus(instance);
  if (status === 1)
    throw new CrsSimError(
      10707,
      `instance ${instance.profile.redisId} is locked by another flow`,
      'InstanceLockedError',
    );
  if (status !== 2)
    throw new CrsSimError(
      10702,
      `instance ${instance.profile.redisId} is not running (status ${status})`,
      'InstanceStatusAbnormal',
    );
  const task = context.state.startManualBackup(instance, {
    remark: context.params['remark'] ?? '',
    storageDays: DEFAULT_STORAGE_DAYS,
  });
  return { data: { requestId: task.requestId } };
}

export const CRS_ACTIONS: Readonly<Record<string, ActionHandler>> = {
  DescribeRedis: describeRedis,
  GetRedisBackupList: getRedisBackupList,
  ExportRedisBackup: exportRedisBackup,
  DescribeTaskInfo: describeTaskInfo,
  GetBackupDownloadUrl: getBackupDownloadUrl,
  ManualBackupInstance: manualBackupInstance,
};

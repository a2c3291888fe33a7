// The simulated account that both APIs act on: instances, backups and tasks, and their state machines
// (crs-v3-api.md §6): task preparing -> running -> succeed | failed | error (v2: 0 -> 1 -> 2 | 3 | -1);
// backup 2 -> 3 -> 4 (export or RDB conversion) or back to 2; a manual backup 1 (locked) -> 2, or dropped
// when its task fails; -1 at expiry; an instance is in a flow (1) while a manual backup runs. Transitions are
// computed lazily from the clock, so nothing runs in the background and a test moves time instead of sleeping.
// Everything that changes is plain JSON (`persisted()`), so that a state file can carry it over a restart.
import { createHash } from 'node:crypto';
import { formatBeijingTime, parseBeijingTime } from './beijing-time';
import type { Clock } from './clock';
import { instanceProfile, type InstanceProfile } from './instance-profile';
import type { ExportOutcome, Scenario, ScenarioBackup, ScenarioInstance } from './scenario-schema';

export type TaskKind = 'exportBackup' | 'backupInstance';

export interface SimTask {
  /** The task id of both APIs (v2 `requestId`, 3.0 `TaskId`). */
  requestId: number;
  kind: TaskKind;
  redisId: string;
  backupId: string | null;
  createdAt: number;
  durationMs: number;
  outcome: ExportOutcome;
  /** ManualBackupInstance's remark, given to the backup it creates. */
  remark: string;
  /** 3.0 TaskMessage once the task failed or errored. */
  failureMessage: string;
  /** Whether its end has been applied to its backup. */
  settled: boolean;
}

export interface SimBackup {
  backupId: string;
  /** 1 locked (in progress), 2 normal, -1 expired, 3 being exported, 4 exported. */
  status: number;
  backupType: ScenarioBackup['backupType'];
  startTime: string;
  endTime: string;
  remark: string;
  exportDurationMs?: number;
  exportOutcome: ExportOutcome;
  rdbBytes: number | number[];
  /** Epoch ms at which it becomes -1; null: never (scenario backups without storageDays). */
  expiresAt: number | null;
  storageDays: number;
  encrypted: boolean;
  decryptKey: string | null;
  /** The export (conversion) task running for it (status 3), if any. */
  exportTaskId: number | null;
  /** The ManualBackupInstance task still making it (status 1), if any. */
  creatingTaskId: number | null;
}

export interface DownloadRestriction {
  LimitType: 'NoLimit' | 'LimitOnlyIntranet' | 'Customize';
  VpcComparisonSymbol: string;
  IpComparisonSymbol: string;
  LimitVpc: Array<{ Region: string; VpcList: string[] }>;
  LimitIp: string[];
}

export const NO_RESTRICTION: DownloadRestriction = {
  LimitType: 'NoLimit',
  VpcComparisonSymbol: 'In',
  IpComparisonSymbol: 'In',
  LimitVpc: [],
  LimitIp: [],
};

export interface SimInstance {
  definition: ScenarioInstance;
  profile: InstanceProfile;
  backups: SimBackup[];
  /** Backups by id, and the ones with an export running: benchmarks put thousands on one instance. */
  backupIndex: Map<string, SimBackup>;
  exporting: Set<SimBackup>;
  pendingBackupTasks: SimTask[];
}

/** What changes as the simulator runs, as JSON. */
export interface PersistedAccount {
  nextRequestId: number;
  backups: Record<string, SimBackup[]>;
  tasks: SimTask[];
  /** Per short region name. */
  restrictions: Record<string, DownloadRestriction>;
}

const DAY_MS = 86_400_000;
export const DEFAULT_STORAGE_DAYS = 7;
const FIRST_TASK_ID = 400151;

/** Task status at a time (v2 numbers): queued for its first tenth (at most 1 s), running, then its outcome. */
export function taskStatusAt(task: SimTask, now: number): number {
  const elapsed = now - task.createdAt;
  if (elapsed < task.durationMs) return elapsed < Math.min(1000, Math.floor(task.durationMs / 10)) ? 0 : 1;
  switch (task.outcome) {
    case 'success':
      return 2;
    case 'failed':
      return 3;
    case 'error':
      return -1;
  }
}

export function isTerminalTaskStatus(status: number): boolean {
  return status === 2 || status === 3 || status === -1;
}

/** How long a ManualBackupInstance task of the instance takes: also how long its listed backups took. */
export function backupDurationOf(definition: ScenarioInstance, scenario: Scenario): number {
  return definition.backupDurationMs ?? scenario.backupDurationMs ?? scenario.exportDurationMs;
}

/** A scenario's backup; one that names no end time ended as long after its start as the instance's backups take. */
function backupFromScenario(backup: ScenarioBackup, durationMs: number): SimBackup {
  const startedAt = parseBeijingTime(backup.startTime);
  return {
    backupId: backup.backupId,
    status: backup.status,
    backupType: backup.backupType,
    startTime: backup.startTime,
    endTime: backup.endTime ?? formatBeijingTime(startedAt + durationMs),
    remark: backup.remark ?? '',
    ...(backup.exportDurationMs !== undefined ? { exportDurationMs: backup.exportDurationMs } : {}),
    exportOutcome: backup.exportOutcome,
    rdbBytes: backup.rdbBytes,
    // A scenario's backups expire only when they say so, so that a demo does not rot as the calendar moves.
    expiresAt: backup.storageDays === undefined ? null : startedAt + backup.storageDays * DAY_MS,
    storageDays: backup.storageDays ?? DEFAULT_STORAGE_DAYS,
    encrypted: backup.encrypted ?? false,
    decryptKey: backup.decryptKey ?? null,
    exportTaskId: null,
    creatingTaskId: null,
  };
}

export class SimulatorState {
  private readonly instances = new Map<string, SimInstance>();
  private readonly byNumericId = new Map<number, SimInstance[]>();
  private readonly tasks = new Map<number, SimTask>();
  private readonly restrictions = new Map<string, DownloadRestriction>();
  private nextRequestId = FIRST_TASK_ID;

  constructor(
    readonly scenario: Scenario,
    private readonly clock: Clock,
    persisted?: PersistedAccount,
  ) {
    if (persisted) {
      this.nextRequestId = persisted.nextRequestId;
      for (const task of persisted.tasks) this.tasks.set(task.requestId, { ...task });
      for (const [region, restriction] of Object.entries(persisted.restrictions))
        this.restrictions.set(region, restriction);
    }
    const now = clock.now();
    for (const definition of scenario.instances) {
      const saved = persisted?.backups[definition.redisId];
      const durationMs = backupDurationOf(definition, scenario);
      const backups = saved
        ? saved.map((backup) => ({ ...backup }))
        : definition.backups.map((backup) => backupFromScenario(backup, durationMs));
      const instance: SimInstance = {
        definition,
        profile: instanceProfile(definition),
        backups,
        backupIndex: new Map(backups.map((backup) => [backup.backupId, backup])),
        exporting: new Set(backups.filter((backup) => backup.exportTaskId !== null)),
        pendingBackupTasks: [],
      };
      this.instances.set(definition.redisId, instance);
      const sameNumber = this.byNumericId.get(instance.profile.numericId) ?? [];
      this.byNumericId.set(instance.profile.numericId, [...sameNumber, instance]);
      if (saved) continue;
      // A backup that is exporting when the scenario loads finishes like one exported just now.
      for (const backup of instance.backups) {
        if (backup.status !== 3) continue;
        backup.exportTaskId = this.addExportTask(instance, backup, now).requestId;
        instance.exporting.add(backup);
      }
    }
    for (const task of this.tasks.values()) {
      if (task.kind === 'backupInstance' && !task.settled)
        this.instances.get(task.redisId)?.pendingBackupTasks.push(task);
    }
  }

  /** The instance if it exists in that region (short name); another region's instance does not exist. */
  instanceIn(region: string, redisId: string): SimInstance | undefined {
    const instance = this.instances.get(redisId);
    return instance && instance.definition.region === region ? instance : undefined;
  }

  instanceById(redisId: string): SimInstance | undefined {
    return this.instances.get(redisId);
  }

  /** Instances whose number (in COS object paths) is this one; usually one. */
  instancesNumbered(numericId: number): SimInstance[] {
    return this.byNumericId.get(numericId) ?? [];
  }

  instancesIn(region: string): SimInstance[] {
    return [...this.instances.values()].filter((instance) => instance.definition.region === region);
  }

  /** The instance's status now: 1 (in a flow) while a manual backup runs on it, else the scenario's. */
  instanceStatus(instance: SimInstance): number {
    this.settleInstance(instance);
    return instance.pendingBackupTasks.length > 0 ? 1 : instance.definition.status;
  }

  /** Whether another flow holds the instance (its scenario status is 1, or a manual backup runs). */
  isLocked(instance: SimInstance): boolean {
    return this.instanceStatus(instance) === 1;
  }

  /** The instance's backups with every finished task and expiry applied. */
  backupsOf(instance: SimInstance): SimBackup[] {
    this.settleInstance(instance);
    const now = this.clock.now();
    for (const backup of instance.backups) this.expireIfDue(backup, now);
    return instance.backups;
  }

  backupOf(instance: SimInstance, backupId: string): SimBackup | undefined {
    this.settleInstance(instance);
    const backup = instance.backupIndex.get(backupId);
    if (backup) this.expireIfDue(backup, this.clock.now());
    return backup;
  }

  /** ExportRedisBackup's (and a 3.0 conversion's) effect: backup 2 -> 3 and a task. The caller checked 2. */
  startExport(instance: SimInstance, backup: SimBackup): SimTask {
    const task = this.addExportTask(instance, backup, this.clock.now());
    backup.status = 3;
    backup.exportTaskId = task.requestId;
    instance.exporting.add(backup);
    return task;
  }

  /** ManualBackupInstance's effect: a task and a new backup in status 1 (locked) until the task ends. */
  startManualBackup(instance: SimInstance, input: { remark: string; storageDays: number }): SimTask {
    const now = this.clock.now();
    const { definition } = instance;
    const task: SimTask = {
      requestId: this.nextRequestId++,
      kind: 'backupInstance',
      redisId: definition.redisId,
      backupId: null,
      createdAt: now,
      durationMs: backupDurationOf(definition, this.scenario),
      outcome: definition.backupOutcome ?? 'success',
      remark: input.remark,
      failureMessage:
        definition.backupTaskMessage ??
        `backup of ${definition.redisId} failed: the data could not be dumped (simulated)`,
      settled: false,
    };
    const backupId = deterministicUuid(`${definition.redisId}/${task.requestId}`);
    task.backupId = backupId;
    const template = instance.backups[0];
    const backup: SimBackup = {
      backupId,
      status: 1,
      backupType: 'manualBackupInstance',
      startTime: formatBeijingTime(now),
      endTime: formatBeijingTime(now + task.durationMs),
      remark: input.remark,
      exportOutcome: 'success',
      rdbBytes: template?.rdbBytes ?? 65_536,
      expiresAt: now + input.storageDays * DAY_MS,
      storageDays: input.storageDays,
      encrypted: definition.encryptBackups ?? false,
      decryptKey: null,
      exportTaskId: null,
      creatingTaskId: task.requestId,
    };
    this.tasks.set(task.requestId, task);
    instance.pendingBackupTasks.push(task);
    instance.backups.push(backup);
    instance.backupIndex.set(backupId, backup);
    return task;
  }

  task(requestId: number): SimTask | undefined {
    return this.tasks.get(requestId);
  }

  /** The task's status now (v2 numbers), applying its end to its backup when it has ended. */
  taskStatus(task: SimTask): number {
    const status = taskStatusAt(task, this.clock.now());
    if (isTerminalTaskStatus(status) && !task.settled) {
      const instance = this.instances.get(task.redisId);
      if (instance) this.settleInstance(instance);
    }
    return status;
  }

  restriction(region: string): DownloadRestriction {
    return this.restrictions.get(region) ?? NO_RESTRICTION;
  }

  setRestriction(region: string, restriction: DownloadRestriction): void {
    this.restrictions.set(region, restriction);
  }

  /** Everything, settled to now: for `GET /_sim/state`. */
  snapshot(): { now: string; instances: unknown[]; tasks: unknown[]; restrictions: unknown } {
    const now = this.clock.now();
    const instances = [...this.instances.values()].map((instance) => {
      const { backups: _backups, ...definition } = instance.definition;
      const { profile } = instance;
      return {
        ...definition,
        status: this.instanceStatus(instance),
        v3: {
          Type: profile.type,
          ProductType: profile.productType,
          Engine: profile.engine.product,
          CurrentRedisVersion: profile.engine.serverVersion,
          RedisShardNum: profile.shardNum,
          RedisReplicasNum: profile.replicasNum,
          Region: profile.regionLong,
          rdbVersion: profile.engine.rdbVersion,
        },
        backups: this.backupsOf(instance).map((backup) => ({ ...backup })),
      };
    });
    const tasks = [...this.tasks.values()].map((task) => ({ ...task, status: taskStatusAt(task, now) }));
    return { now: new Date(now).toISOString(), instances, tasks, restrictions: Object.fromEntries(this.restrictions) };
  }

  /** What changed since the scenario loaded, settled to now, as JSON (for the state file). */
  persisted(): PersistedAccount {
    const backups: Record<string, SimBackup[]> = {};
    for (const instance of this.instances.values()) backups[instance.definition.redisId] = this.backupsOf(instance);
    return {
      nextRequestId: this.nextRequestId,
      backups,
      tasks: [...this.tasks.values()],
      restrictions: Object.fromEntries(this.restrictions),
    };
  }

  private addExportTask(instance: SimInstance, backup: SimBackup, now: number): SimTask {
    const task: SimTask = {
      requestId: this.nextRequestId++,
      kind: 'exportBackup',
      redisId: instance.definition.redisId,
      backupId: backup.backupId,
      createdAt: now,
      durationMs: backup.exportDurationMs ?? this.scenario.exportDurationMs,
      outcome: backup.exportOutcome,
      remark: '',
      failureMessage: `export of backup ${backup.backupId} to RDB files failed (simulated)`,
      settled: false,
    };
    this.tasks.set(task.requestId, task);
    return task;
  }

  private expireIfDue(backup: SimBackup, now: number): void {
    if (backup.expiresAt !== null && now >= backup.expiresAt && (backup.status === 2 || backup.status === 4))
      backup.status = -1;
  }

  private settleInstance(instance: SimInstance): void {
    const now = this.clock.now();
    for (const backup of instance.exporting) {
      const task = backup.exportTaskId === null ? undefined : this.tasks.get(backup.exportTaskId);
      const status = task ? taskStatusAt(task, now) : 2;
      if (!isTerminalTaskStatus(status)) continue;
      backup.status = status === 2 ? 4 : 2;
      backup.exportTaskId = null;
      instance.exporting.delete(backup);
      if (task) task.settled = true;
    }
    if (instance.pendingBackupTasks.length === 0) return;
    instance.pendingBackupTasks = instance.pendingBackupTasks.filter((task) => {
      const status = taskStatusAt(task, now);
      if (!isTerminalTaskStatus(status)) return true;
      task.settled = true;
      const backup = task.backupId === null ? undefined : instance.backupIndex.get(task.backupId);
      if (!backup) return false;
      if (status === 2) {
        backup.status = 2;
        backup.creatingTaskId = null;
      } else {
        // A failed backup leaves nothing behind.
        instance.backups.splice(instance.backups.indexOf(backup), 1);
        instance.backupIndex.delete(backup.backupId);
      }
      return false;
    });
  }
}

/** A UUID-shaped id derived from a name, so a run's new backups have the same ids every time. */
function deterministicUuid(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

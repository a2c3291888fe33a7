// The simulated account: instances, backups and tasks, with the backup (2 -> 3 -> 4 | 2) and task
// (0 -> 1 -> 2 | 3 | -1) state machines. Transitions are computed lazily from the clock, so nothing runs
// in the background and a test moves time instead of sleeping.
import { createHash } from 'node:crypto';
import type { Clock } from './clock';
import type { ExportOutcome, Scenario, ScenarioBackup, ScenarioInstance } from './scenario';

export type TaskKind = 'exportBackup' | 'backupInstance';

export interface SimTask {
  requestId: number;
  kind: TaskKind;
  redisId: string;
  backupId: string | null;
  createdAt: number;
  durationMs: number;
  outcome: ExportOutcome;
  /** ManualBackupInstance's remark, given to the backup it creates. */
  remark: string;
  /** Whether its end has been applied to the backup (or the new backup created). */
  settled: boolean;
}

export interface SimBackup extends ScenarioBackup {
  /** The export task running for it (status 3), if any. */
  exportTaskId: number | null;
}

export interface SimInstance extends Omit<ScenarioInstance, 'backups'> {
  backups: SimBackup[];
  /** Backups by id, and the ones with an export running: benchmarks put thousands on one instance. */
  backupIndex: Map<string, SimBackup>;
  exporting: Set<SimBackup>;
  pendingBackupTasks: SimTask[];
}

/** Task status at a time: queued for its first tenth (at most 1 s), running, then its outcome. */
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

function formatTime(epochMs: number): string {
  // Beijing time, as the v2 API's zone-less strings are read.
  return new Date(epochMs + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export class SimulatorState {
  private readonly instances = new Map<string, SimInstance>();
  private readonly tasks = new Map<number, SimTask>();
  private nextRequestId = 400151;

  constructor(
    readonly scenario: Scenario,
    private readonly clock: Clock,
  ) {
    const now = clock.now();
    for (const defined of scenario.instances) {
      const backups: SimBackup[] = defined.backups.map((backup) => ({ ...backup, exportTaskId: null }));
      const instance: SimInstance = {
        ...defined,
        backups,
        backupIndex: new Map(backups.map((backup) => [backup.backupId, backup])),
        exporting: new Set(),
        pendingBackupTasks: [],
      };
      this.instances.set(instance.redisId, instance);
      // A backup that is exporting when the scenario loads finishes like one exported just now.
      for (const backup of instance.backups) {
        if (backup.status !== 3) continue;
        backup.exportTaskId = this.addExportTask(instance, backup, now).requestId;
        instance.exporting.add(backup);
      }
    }
  }

  /** The instance if it exists in that region (short name); another region's instance does not exist. */
  instanceIn(region: string, redisId: string): SimInstance | undefined {
    const instance = this.instances.get(redisId);
    return instance && instance.region === region ? instance : undefined;
  }

  instanceById(redisId: string): SimInstance | undefined {
    return this.instances.get(redisId);
  }

  instancesIn(region: string): SimInstance[] {
    return [...this.instances.values()].filter((instance) => instance.region === region);
  }

  /** The instance's backups with every finished task applied. */
  backupsOf(instance: SimInstance): SimBackup[] {
    this.settleInstance(instance);
    return instance.backups;
  }

  backupOf(instance: SimInstance, backupId: string): SimBackup | undefined {
    this.settleInstance(instance);
    return instance.backupIndex.get(backupId);
  }

  /** ExportRedisBackup's effect: backup 2 -> 3 and a new export task. The caller has checked status 2. */
  startExport(instance: SimInstance, backup: SimBackup): SimTask {
    const task = this.addExportTask(instance, backup, this.clock.now());
    backup.status = 3;
    backup.exportTaskId = task.requestId;
    instance.exporting.add(backup);
    return task;
  }

  /** ManualBackupInstance's effect: a task that, when it succeeds, adds a status-2 backup. */
  startManualBackup(instance: SimInstance, remark: string): SimTask {
    const task: SimTask = {
      requestId: this.nextRequestId++,
      kind: 'backupInstance',
      redisId: instance.redisId,
      backupId: null,
      createdAt: this.clock.now(),
      durationMs: this.scenario.backupDurationMs ?? this.scenario.exportDurationMs,
      outcome: 'success',
      remark,
      settled: false,
    };
    this.tasks.set(task.requestId, task);
    instance.pendingBackupTasks.push(task);
    return task;
  }

  task(requestId: number): SimTask | undefined {
    return this.tasks.get(requestId);
  }

  /** The task's status now, applying its end to the backup when it has ended. */
  taskStatus(task: SimTask): number {
    const status = taskStatusAt(task, this.clock.now());
    if (isTerminalTaskStatus(status) && !task.settled) {
      const instance = this.instances.get(task.redisId);
      if (instance) this.settleInstance(instance);
    }
    return status;
  }

  /** Everything, settled to now: for `GET /_sim/state`. */
  snapshot(): { now: string; instances: unknown[]; tasks: unknown[] } {
    const now = this.clock.now();
    const instances = [...this.instances.values()].map((instance) => {
      const { pendingBackupTasks: _pending, backupIndex: _index, exporting: _exporting, ...rest } = instance;
      return { ...rest, backups: this.backupsOf(instance).map((backup) => ({ ...backup })) };
    });
    const tasks = [...this.tasks.values()].map((task) => ({ ...task, status: taskStatusAt(task, now) }));
    return { now: new Date(now).toISOString(), instances, tasks };
  }

  private addExportTask(instance: SimInstance, backup: SimBackup, now: number): SimTask {
    const task: SimTask = {
      requestId: this.nextRequestId++,
      kind: 'exportBackup',
      redisId: instance.redisId,
      backupId: backup.backupId,
      createdAt: now,
      durationMs: backup.exportDurationMs ?? this.scenario.exportDurationMs,
      outcome: backup.exportOutcome,
      remark: '',
      settled: false,
    };
    this.tasks.set(task.requestId, task);
    return task;
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
      if (status === 2) {
        const backupId = deterministicUuid(`${instance.redisId}/${task.requestId}`);
        task.backupId = backupId;
        const backup: SimBackup = {
          backupId,
          status: 2,
          backupType: 'manualBackupInstance',
          startTime: formatTime(task.createdAt),
          remark: task.remark,
          exportOutcome: 'success',
          rdbBytes: instance.backups[0]?.rdbBytes ?? 65_536,
          exportTaskId: null,
        };
        instance.backups.push(backup);
        instance.backupIndex.set(backupId, backup);
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

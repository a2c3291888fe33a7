// The steps of one export: validate; for `new`, make the backup and wait for it; for an API generation that
// needs it (v2), export the backup and wait for the task; then fetch the files and their download URLs.
import type { DownloadUrls, ExportBackup, ExportFile, ExportInput, ExportTarget } from '@crs-export/contracts';
import type { BackupFiles, ExportTaskStart, TaskPollTarget, ValidatedExport } from '@crs-export/export-activities';
import { workflowInfo } from '@temporalio/workflow';
import { exportActivityProxies, type ExportActivityProxies } from './activity-options';
import { archiveExport } from './archive-steps';
import { pollProgressOf } from './export-failure';
import type { ExportProgress } from './export-progress';
import type { PollingPolicy } from '@crs-export/contracts';

export async function runExportSteps(
  input: ExportInput,
  policy: PollingPolicy,
  progress: ExportProgress,
): Promise<void> {
  const proxies = exportActivityProxies(policy);
  const { calls, polls } = proxies;
  const requested: ExportTarget = { redisId: input.redisId, backupId: input.backupId, region: input.region };
  const validated = await calls.validateExport(requested);
  let backup: ExportBackup | null = validated.backup ?? null;
  let backupStatus = validated.backupStatus;
  if (requested.backupId === 'new') {
    backup = await makeNewBackup(proxies, input, validated, progress);
    // A new backup is in status 2, like any backup ready to be exported.
    backupStatus = 2;
  }
  if (backup) progress.recordBackup(backup);
  const target: ExportTarget = { ...requested, backupId: backup?.backupId ?? requested.backupId };
  // First-version histories name no needsExportStep: they spoke v2, which has the export step.
  if (validated.needsExportStep ?? true) {
    // A backup already in 3 or 4 was exported before (maybe by our own lost call): never export it twice.
    const started: ExportTaskStart =
      backupStatus === 3 || backupStatus === 4
        ? { taskId: null, backupStatus }
        : await startExport(calls, target, progress);
    if (started.backupStatus !== 4) await waitForExport({ polls, target, taskId: started.taskId, progress });
  }
  progress.enter('FETCHING_URL');
  const fetched = await polls.fetchDownloadUrls({
    ...target,
    expectedFiles: backup?.shardCount ?? null,
    ...(input.downloadRestriction ? { restriction: input.downloadRestriction } : {}),
  });
  const files = filesOf(fetched, target);
  progress.recordFiles(files);
  if (input.destination) {
    await archiveExport({ ...input, destination: input.destination }, target, backup, files, policy, progress);
  }
}

/** ManualBackupInstance, the wait for its task, and the backup it made (found by the Remark we gave it). */
async function makeNewBackup(
  { calls, polls }: ExportActivityProxies,
  input: ExportInput,
  validated: ValidatedExport,
  progress: ExportProgress,
): Promise<ExportBackup> {
  progress.enter('EXPORTING');
  const task = await calls.createBackup({
    redisId: input.redisId,
    backupId: input.backupId,
    region: input.region,
    exportId: workflowInfo().workflowId,
    ...(input.newBackup?.remark ? { remark: input.newBackup.remark } : {}),
    ...(input.newBackup?.storageDays === undefined ? {} : { storageDays: input.newBackup.storageDays }),
    // Only in the activities' inputs and results: histories recorded without them replay as they were.
    ...(validated.instance ? { instance: validated.instance } : {}),
  });
  progress.recordTask(task.taskId);
  await waitForTask(
    polls,
    {
      region: input.region,
      taskId: task.taskId,
      // Predictive polling: how long the task should take, and since when (absent in older histories).
      ...(task.expectedDurationMs === undefined ? {} : { expectedDurationMs: task.expectedDurationMs }),
      ...(task.taskStartedAt === undefined ? {} : { taskStartedAt: task.taskStartedAt }),
    },
    progress,
  );
  return polls.findCreatedBackup({ redisId: input.redisId, backupId: input.backupId, region: input.region, ...task });
}

async function startExport(
  calls: ExportActivityProxies['calls'],
  target: ExportTarget,
  progress: ExportProgress,
): Promise<ExportTaskStart> {
  progress.enter('EXPORTING');
  const started = await calls.startExportTask(target);
  progress.recordTask(started.taskId);
  return started;
}

interface WaitArgs {
  polls: ExportActivityProxies['polls'];
  target: ExportTarget;
  /** null: the task id is unknown (lost response, earlier export), so the backup status is watched. */
  taskId: number | null;
  progress: ExportProgress;
}

/** One activity for the whole wait: each poll is an attempt, so the history does not grow with polls. */
async function waitForExport({ polls, target, taskId, progress }: WaitArgs): Promise<void> {
  if (taskId !== null) return waitForTask(polls, { region: target.region, taskId }, progress);
  progress.enter('WAITING_FOR_TASK');
  await recordingPolls(progress, () => polls.pollBackupExport(target));
}

async function waitForTask(
  polls: ExportActivityProxies['polls'],
  task: TaskPollTarget,
  progress: ExportProgress,
): Promise<void> {
  progress.enter('WAITING_FOR_TASK');
  await recordingPolls(progress, () => polls.pollExportTask(task));
}

async function recordingPolls(
  progress: ExportProgress,
  wait: () => Promise<{ polls: number; taskStatus: number | string | null }>,
): Promise<void> {
  progress.beginWait();
  try {
    const finished = await wait();
    progress.recordPolls(finished.polls, finished.taskStatus);
  } catch (error) {
    const reached = pollProgressOf(error);
    if (reached) progress.recordPolls(reached.polls, reached.taskStatus);
    throw error;
  }
}

/** The files of a fetch, also from the first version's answer (one v2 file, named by us). */
function filesOf(fetched: BackupFiles | DownloadUrls, target: ExportTarget): ExportFile[] {
  if ('files' in fetched) return fetched.files;
  return [
    {
      shard: 1,
      name: `${target.redisId}-${target.backupId}.rdb`,
      sizeBytes: null,
      intranetUrl: fetched.intranet,
      extranetUrl: fetched.extranet,
      expiresAt: fetched.expiresAt,
    },
  ];
}

export type { ValidatedExport };

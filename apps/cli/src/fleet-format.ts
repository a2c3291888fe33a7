// Human-friendly text for batches and schedules: the progress line, a batch's details, the schedule table.
import type { BatchResource, ScheduleResource } from './fleet-api-client';

const ENDED_STATES = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

function seconds(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return total < 60 ? `${total}s` : `${Math.floor(total / 60)}m${String(total % 60).padStart(2, '0')}s`;
}

/** `[#######.....] 12/20  ✔ 10  ✖ 1  ⟳ 5  ⋯ 4` — done over total, then succeeded, failed, running, pending. */
export function formatBatchProgress(batch: BatchResource, elapsedMs: number, spinner = ''): string {
  const counts = batch.counts;
  const total = batch.total ?? 0;
  const ended = Object.entries(counts)
    .filter(([state]) => ENDED_STATES.includes(state))
    .reduce((sum, [, count]) => sum + (count ?? 0), 0);
  const width = 20;
  const filled = total === 0 ? 0 : Math.round((ended / total) * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const parts = [
    `${spinner ? `${spinner} ` : ''}${batch.batchId} ${batch.state}`,
    batch.total === null ? 'resolving instances' : `${bar} ${ended}/${total}`,
    `✔ ${counts.SUCCEEDED ?? 0}`,
    `✖ ${(counts.FAILED ?? 0) + (counts.CANCELLED ?? 0)}`,
    `⟳ ${counts.RUNNING ?? 0}`,
    `⋯ ${counts.PENDING ?? 0}`,
    seconds(elapsedMs),
  ];
  return parts.join('  ');
}

export function formatBatchDetail(batch: BatchResource): string {
  const lines = [
    `batch       ${batch.batchId}`,
    `state       ${batch.state}${batch.scheduleId ? `  (a run of schedule ${batch.scheduleId})` : ''}`,
    `selector    ${JSON.stringify(batch.selector)}`,
    `backup      ${batch.backup}`,
    `destination ${batch.destination ?? '-'}`,
    `instances   ${batch.total ?? 'resolving'}`,
    `counts      ${
      Object.entries(batch.counts)
        .map(([state, count]) => `${state} ${count ?? 0}`)
        .join(', ') || '-'
    }`,
    `started     ${batch.startedAt}${batch.finishedAt ? `, ended ${batch.finishedAt}` : ''}`,
  ];
  if (batch.failures.length > 0) {
    lines.push(`failures    ${batch.failures.length + (batch.failuresOmitted ?? 0)}:`);
    for (const failure of batch.failures.slice(0, 20)) {
      lines.push(
        `  ${failure.redisId}  ${failure.state}  ${failure.error ? `${failure.error.code}: ${failure.error.message}` : ''}`,
      );
    }
    const more = batch.failures.length - 20 + (batch.failuresOmitted ?? 0);
    if (more > 0) lines.push(`  ... and ${more} more (--json, or GET /batches/${batch.batchId}?state=FAILED)`);
  }
  if (batch.retention) {
    const { retention } = batch;
    lines.push(
      `retention   ${retention.dryRun ? 'dry run: would delete' : 'deleted'} ${retention.counts.deleted}, kept ${retention.counts.kept}, failed ${retention.counts.failed} (${retention.policy})`,
    );
    for (const entry of retention.deleted.slice(0, 20)) lines.push(`  - ${entry.location}  (${entry.reason})`);
  }
  if (batch.error) lines.push(`error       ${batch.error.code}: ${batch.error.message}`);
  if (batch.links) lines.push(`web ui      ${batch.links.temporalUi}`);
  return lines.join('\n');
}

export function formatScheduleList(schedules: ScheduleResource[]): string {
  if (schedules.length === 0) return 'no schedules';
  const rows = schedules.map((schedule) => [
    schedule.scheduleId,
    schedule.paused ? 'paused' : 'active',
    [...schedule.spec.cron, ...(schedule.spec.every ? [`every ${schedule.spec.every}`] : [])].join(' | '),
    schedule.spec.timeZone,
    schedule.nextRunsAt[0] ?? '-',
    schedule.recentRuns[0]?.batchId ?? '-',
  ]);
  const header = ['SCHEDULE', 'STATE', 'WHEN', 'TIME ZONE', 'NEXT RUN', 'LAST BATCH'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatScheduleDetail(schedule: ScheduleResource): string {
  return [
    `schedule    ${schedule.scheduleId}${schedule.paused ? '  (paused)' : ''}${schedule.note ? `  note: ${schedule.note}` : ''}`,
    `when        ${[...schedule.spec.cron, ...(schedule.spec.every ? [`every ${schedule.spec.every}`] : [])].join(' | ')} (${schedule.spec.timeZone})${schedule.spec.jitter ? `, jitter ${schedule.spec.jitter}` : ''}`,
    `policy      overlap ${schedule.policy.overlap}, catch-up window ${schedule.policy.catchupWindow}${schedule.policy.pauseOnFailure ? ', pauses on failure' : ''}`,
    `batch       ${JSON.stringify(schedule.batch.selector)} ${schedule.batch.backup}${schedule.batch.destination ? ` -> ${schedule.batch.destination}` : ''}`,
    `next runs   ${schedule.nextRunsAt.join(', ') || '-'}`,
    `recent runs ${schedule.recentRuns.map((run) => run.batchId).join(', ') || '-'}`,
    ...(schedule.links ? [`web ui      ${schedule.links.temporalUi}`] : []),
  ].join('\n');
}

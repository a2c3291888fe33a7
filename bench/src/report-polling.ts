// Summary section 4: what waiting for a Tencent task costs, per poller and task duration.
import type { SectionOutcome } from './bench-results';
import type { PollingCostResult } from './polling-cost';
import { failed, plotLine, sectionHeader, type ReportContext } from './report-format';
import { TARGET_LAG_SHARE, TARGET_POLLERS, TARGET_POLLING_MAX_SECONDS } from './targets';

export function pollingSection(section: SectionOutcome<PollingCostResult>, context: ReportContext): string[] {
  const lines = sectionHeader('4. Polling cost: waiting for a Tencent task of 10 s to 10,000 s', section);
  const result = section.result;
  if (!result) return [...lines, ...failed('polling-cost', section)];
  const budgetOf = new Map(result.budgets.map((budget) => [budget.taskSeconds, budget]));
  lines.push(
    'Each export makes a `new` backup (API 3.0). A plain script: DescribeInstances, ManualBackupInstance, DescribeTaskInfo',
    "until the task ends, then the new backup's lookup, DescribeInstances, DescribeBackupDetail, DescribeBackupUrl (6",
    "calls besides the polls). The product: DescribeInstances, the instance's recent backups (DescribeInstanceBackups),",
    "ManualBackupInstance, the polls, the lookup, DescribeBackupDetail, DescribeBackupUrl (validation's facts of the",
    'instance are handed on, so the lookup does not read it again): also 6 besides the polls. The pollers:',
    '',
    "- **predictive** (the product's schedule, `libs/contracts/src/poll-schedule.ts`, the very functions the poll",
    "  activity runs): the task is expected to take the median EndTime - StartTime of the instance's newest finished",
    '  backups (the simulator lists them as lasting what its backup tasks take, to the second). No poll before that',
    '  plus max(250 ms, 1%); then every max(1 s, 10% of the time since the start), at most 60 s. Without history (the',
    "  instance's first backup) it falls back to the backoff; **estimate 30% short** seeds a backup that took 0.7 T;",
    '- **tccli --waiter (10 s)** and **same poller, project backoff** (the backoff without an estimate: at once, then',
    '  2 s, x2, max 60 s). All of these are plain scripts on the held clock of a simulator of their own: instead of',
    "  sleeping they advance the simulated clock by the wait (and by each call's own duration), so every figure is",
    "  the schedule's, exactly, and a 10,000 s task takes milliseconds;",
    `- **workflow**: the product itself, through the worker, in real time with the task, its history and the poll policy divided by ${result.timeScale}`,
    '  (Temporal retries an activity no sooner than about 1 s after a failure, so the 2 s initial interval cannot shrink',
    '  further); lag scaled back. Long tasks would take hours here: the workflow runs the durations the plan lists.',
    '',
    `Targets, for tasks up to ${TARGET_POLLING_MAX_SECONDS} s: at most 5 + log2(T / 2 s) CRS calls, end lag (task end to SUCCEEDED,`,
    `or URLs in hand for a script) at most ${TARGET_LAG_SHARE * 100}% of T; judged for the workflow and the predictive poller with`,
    'its history. No schedule blind to the duration meets both (10% lag needs polls at most 1.1x apart); the other',
    'rows show what each poller costs and that a short or missing estimate degrades to bounded lag or to the backoff.',
    'Each T here is a multiple of 10 s, so the fixed poller happens to poll right when the task ends (its lag is the',
    "calls' own time); a task that ends at a random moment waits 5 s for it on average, 10 s at most.",
    '',
    ...plotLine(context, 'polling-cost', 'CRS calls and end lag against task duration, per poller'),
    '| task | poller | clock | exports | DescribeTaskInfo polls | CRS calls per export | budget 5 + log2(T/2) | end lag (median / max) | 10% of T |',
    '|---:|---|---|---:|---:|---:|---:|---|---:|',
  );
  const points = [...result.points].sort((a, b) => a.taskSeconds - b.taskSeconds || a.poller.localeCompare(b.poller));
  for (const point of points) {
    const budget = budgetOf.get(point.taskSeconds);
    lines.push(
      `| ${point.taskSeconds} s | ${point.poller} | ${point.clock} | ${point.exports} | ${point.polls} | ${point.crsCalls} | ${budget?.calls ?? ''} | ${point.endLagSeconds} / ${point.endLagMaxSeconds} s | ${budget?.endLagSeconds ?? ''} s |`,
    );
    if (!TARGET_POLLERS.has(point.poller) || point.taskSeconds > TARGET_POLLING_MAX_SECONDS || !budget) continue;
    context.rows.push({
      target: `${point.taskSeconds} s task, ${point.poller}: <= ${budget.calls} CRS calls, end lag <= ${budget.endLagSeconds} s`,
      measured: `${point.crsCalls} calls (${point.polls} polls), end lag ${point.endLagSeconds} s (max ${point.endLagMaxSeconds} s)`,
      met:
        context.short && point.poller === 'workflow'
          ? null
          : point.crsCalls <= budget.calls && point.endLagMaxSeconds <= budget.endLagSeconds,
      command: section.command,
    });
  }
  return [...lines, ''];
}

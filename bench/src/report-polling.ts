// Summary section 4: what waiting for a Tencent task costs, per poller and task duration.
import type { SectionOutcome } from './bench-results';
import type { PollingCostResult } from './polling-cost';
import { failed, plotLine, sectionHeader, type ReportContext } from './report-format';
import { TARGET_LAG_SHARE, TARGET_POLLING_MAX_SECONDS } from './targets';

export function pollingSection(section: SectionOutcome<PollingCostResult>, context: ReportContext): string[] {
  const lines = sectionHeader('4. Polling cost: waiting for a Tencent task of 10 s to 10,000 s', section);
  const result = section.result;
  if (!result) return [...lines, ...failed('polling-cost', section)];
  const budgetOf = new Map(result.budgets.map((budget) => [budget.taskSeconds, budget]));
  lines.push(
    'Each export makes a `new` backup (API 3.0: DescribeInstances, ManualBackupInstance, DescribeTaskInfo until the task',
    "ends, then the new backup's lookup, DescribeInstances, DescribeBackupDetail, DescribeBackupUrl: 6 calls besides the",
    'polls). The pollers:',
    '',
    "- **tccli --waiter (10 s)** and **same poller, project backoff** (the workflow's schedule: at once, then 2 s, x2,",
    '  max 60 s): plain scripts on the held clock of a simulator of their own. Instead of sleeping they advance the',
    "  simulated clock by the interval (and by each call's own duration), so every figure is the schedule's, exactly,",
    '  and a 10,000 s task takes milliseconds;',
    `- **workflow**: the product itself, through the worker, in real time with the schedule and the task divided by ${result.timeScale}`,
    '  (Temporal retries an activity no sooner than about 1 s after a failure, so the 2 s initial interval cannot shrink',
    '  further); lag scaled back. Long tasks would take hours here: the workflow runs the durations the plan lists.',
    '',
    `Targets, for tasks up to ${TARGET_POLLING_MAX_SECONDS} s: at most 5 + log2(T / 2 s) CRS calls, end lag (task end to SUCCEEDED,`,
    `or URLs in hand for a script) at most ${TARGET_LAG_SHARE * 100}% of T. Each T here is a multiple of 10 s, so the fixed`,
    "poller happens to poll right when the task ends (its lag is the calls' own time); a task that ends at a random",
    'moment waits 5 s for it on average, 10 s at most.',
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
    if (point.poller === 'tccli --waiter (10 s)' || point.taskSeconds > TARGET_POLLING_MAX_SECONDS || !budget) continue;
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

// `crs-export schedule create|list|status|pause|resume|trigger|delete`: nightly (or any) fleet exports on
// Temporal Schedules; `trigger --watch` follows the run it started like `batch status --watch`.
import { parseArgs } from 'node:util';
import { BATCH_OPTIONS, batchRequestOf } from './batch-options';
import { parseDuration, UsageError } from './cli-args';
import type { GroupContext } from './command-groups';
import { FleetApiClient } from './fleet-api-client';
import { formatScheduleDetail, formatScheduleList } from './fleet-format';
import { watchBatch } from './watch-batch';

export const SCHEDULE_GROUP_USAGE = `schedule create <id> (--cron '0 3 * * *' | --every 24h) [--time-zone Asia/Shanghai] [--jitter 5m]
        [--overlap SKIP] [--catchup-window 1h] [--pause-on-failure] <batch options>
                                                       each run exports a batch (see batch start)
schedule list                                          every schedule, its next and last run
schedule status <id>                                   one schedule
schedule pause <id> [--note TEXT] | resume <id>        stop and restart its runs
schedule trigger <id> [--watch]                        run it now (and follow the batch)
schedule delete <id>                                   delete it (batches it started run on)`;

const SCHEDULE_OPTIONS = {
  cron: { type: 'string', multiple: true },
  every: { type: 'string' },
  offset: { type: 'string' },
  'time-zone': { type: 'string' },
  jitter: { type: 'string' },
  overlap: { type: 'string' },
  'catchup-window': { type: 'string' },
  'pause-on-failure': { type: 'boolean' },
  paused: { type: 'boolean' },
} as const;

const OPTIONS = {
  ...BATCH_OPTIONS,
  ...SCHEDULE_OPTIONS,
  note: { type: 'string' },
  watch: { type: 'boolean' },
  interval: { type: 'string' },
} as const;

const CREATE_ONLY = [...Object.keys(BATCH_OPTIONS), ...Object.keys(SCHEDULE_OPTIONS)];

export async function runScheduleGroup(argv: readonly string[], context: GroupContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [action, ...args] = positionals;
  const fleet = new FleetApiClient(context.client);
  const given = Object.keys(values);
  const only = (allowed: string[]): void => {
    const wrong = given.find((option) => !allowed.includes(option));
    if (wrong) throw new UsageError(`schedule ${action ?? ''} does not take --${wrong}`);
  };
  const id = (): string => {
    if (args.length !== 1 || !args[0]) throw new UsageError(`schedule ${action ?? ''} takes <scheduleId>`);
    return args[0];
  };
  switch (action) {
    case 'create': {
      const scheduleId = id();
      only([...CREATE_ONLY, 'note']);
      if (!values.cron && !values.every) throw new UsageError('schedule create needs --cron and/or --every');
      const created = await fleet.createSchedule({
        scheduleId,
        ...(values.cron ? { cron: values.cron } : {}),
        ...(values.every ? { every: values.every } : {}),
        ...(values.offset ? { offset: values.offset } : {}),
        ...(values['time-zone'] ? { timeZone: values['time-zone'] } : {}),
        ...(values.jitter ? { jitter: values.jitter } : {}),
        ...(values.overlap ? { overlap: values.overlap.toUpperCase() } : {}),
        ...(values['catchup-window'] ? { catchupWindow: values['catchup-window'] } : {}),
        ...(values['pause-on-failure'] ? { pauseOnFailure: true } : {}),
        ...(values.paused ? { paused: true } : {}),
        ...(values.note ? { note: values.note } : {}),
        batch: batchRequestOf(values),
      });
      context.print(created, `created\n${formatScheduleDetail(created)}`);
      return 0;
    }
    case 'list': {
      if (args.length > 0) throw new UsageError('schedule list takes no arguments');
      only([]);
      const schedules = await fleet.listSchedules();
      context.print(schedules, formatScheduleList(schedules));
      return 0;
    }
    case 'status': {
      const scheduleId = id();
      only([]);
      const schedule = await fleet.getSchedule(scheduleId);
      context.print(schedule, formatScheduleDetail(schedule));
      return 0;
    }
    case 'pause':
    case 'resume': {
      const scheduleId = id();
      only(['note']);
      const schedule =
        action === 'pause'
          ? await fleet.pauseSchedule(scheduleId, values.note)
          : await fleet.resumeSchedule(scheduleId, values.note);
      context.print(schedule, `${action === 'pause' ? 'paused' : 'resumed'}\n${formatScheduleDetail(schedule)}`);
      return 0;
    }
    case 'trigger': {
      const scheduleId = id();
      only(['watch', 'interval']);
      const triggered = await fleet.triggerSchedule(scheduleId);
      const batchId = triggered.triggeredBatchId;
      if (!values.watch || batchId === null) {
        context.print(triggered, batchId ? `triggered: ${batchId}` : 'triggered (the run has not started yet)');
        return 0;
      }
      if (!context.json) context.io.out.write(`triggered: ${batchId}\n`);
      const intervalMs = values.interval === undefined ? 1_000 : parseDuration(values.interval);
      const batch = await watchBatch({
        fleet,
        batchId,
        intervalMs,
        json: context.json,
        out: context.io.out,
        err: context.io.err,
        sleep: context.io.sleep,
      });
      return batch.state === 'SUCCEEDED' ? 0 : 1;
    }
    case 'delete': {
      const scheduleId = id();
      only([]);
      await fleet.deleteSchedule(scheduleId);
      context.print({ scheduleId, deleted: true }, `deleted ${scheduleId}`);
      return 0;
    }
    default:
      throw new UsageError(
        action === undefined
          ? 'schedule needs create, list, status, pause, resume, trigger or delete'
          : `unknown schedule command: ${action}`,
      );
  }
}

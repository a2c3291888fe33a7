// The typed Temporal client for schedules: each is a Temporal Schedule whose action starts an exportBatch
// run (so it shows on the Web UI's Schedules page and in `temporal schedule list`). Our spec (cron text,
// durations as written) rides in the action's memo, since Temporal keeps cron only in its compiled form.
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type Client,
  type ScheduleDescription,
  type ScheduleHandle,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec as TemporalScheduleSpec,
} from '@temporalio/client';
import {
  BATCH_ID_PREFIX,
  durationMsOf,
  SCHEDULE_ID_PATTERN,
  type BatchInput,
  type ScheduleDefinition,
  type ScheduledBatch,
  type ScheduleStatus,
} from '@crs-export/contracts';
import { BATCH_WORKFLOW_TYPE } from '@crs-export/workflows';
import { NotFoundError } from './export-client-errors';
import { grpcCodeOf, GrpcStatus, temporalCall } from './temporal-call';

export interface ScheduleClientOptions {
  client: Client;
  taskQueue: string;
  callTimeoutMs?: number;
}

/** A schedule of that id exists already (409). */
export class ScheduleAlreadyExistsError extends Error {
  override readonly name = 'ScheduleAlreadyExistsError';
  constructor(readonly scheduleId: string) {
    super(`schedule ${scheduleId} already exists; PATCH it, or DELETE it first`);
  }
}

/** Temporal refused the spec or policy (e.g. a cron expression it cannot parse) (400). */
export class ScheduleSpecInvalidError extends Error {
  override readonly name = 'ScheduleSpecInvalidError';
  constructor(detail: string) {
    super(`the schedule is not valid: ${detail}`);
  }
}

/** What may change in a PATCH: any part, the rest kept. */
export type ScheduleChange = Partial<Pick<ScheduleDefinition, 'spec' | 'policy' | 'batch' | 'note'>>;

const SPEC_MEMO = 'crsExportSchedule';

/** Runs' workflow ids: `batch-<schedule>`; Temporal appends each run's due time. */
export function scheduleBatchIdPrefix(scheduleId: string): string {
  return `${BATCH_ID_PREFIX}${scheduleId}`;
}

function temporalSpecOf(spec: ScheduleDefinition['spec']): TemporalScheduleSpec {
  return {
    ...(spec.cron.length > 0 ? { cronExpressions: spec.cron } : {}),
    ...(spec.every
      ? {
          intervals: [
            { every: durationMsOf(spec.every), ...(spec.offset ? { offset: durationMsOf(spec.offset) } : {}) },
          ],
        }
      : {}),
    timezone: spec.timeZone,
    ...(spec.jitter ? { jitter: durationMsOf(spec.jitter) } : {}),
  };
}

export class ScheduleClient {
  private readonly callTimeoutMs: number;

  constructor(private readonly options: ScheduleClientOptions) {
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
  }

  async createSchedule(definition: ScheduleDefinition): Promise<ScheduleStatus> {
    await this.call('createSchedule', async () => {
      try {
        await this.options.client.schedule.create({
          scheduleId: definition.scheduleId,
          spec: temporalSpecOf(definition.spec),
          action: this.actionOf(definition),
          policies: {
            overlap: definition.policy.overlap,
            catchupWindow: durationMsOf(definition.policy.catchupWindow),
            pauseOnFailure: definition.policy.pauseOnFailure,
          },
          state: { paused: definition.paused, ...(definition.note ? { note: definition.note } : {}) },
        });
      } catch (error) {
        if (error instanceof ScheduleAlreadyRunning) throw new ScheduleAlreadyExistsError(definition.scheduleId);
        throw specErrorOf(error);
      }
    });
    return this.getSchedule(definition.scheduleId);
  }

  async getSchedule(scheduleId: string): Promise<ScheduleStatus> {
    return this.call('getSchedule', async () => statusOf(await this.describe(scheduleId)));
  }

  /** Every schedule whose runs are batches, by id. */
  async listSchedules(): Promise<ScheduleStatus[]> {
    return this.call('listSchedules', async () => {
      const ids: string[] = [];
      for await (const summary of this.options.client.schedule.list()) {
        if (summary.action?.workflowType === BATCH_WORKFLOW_TYPE) ids.push(summary.scheduleId);
      }
      const statuses = await Promise.all(
        ids.map((id) =>
          this.describe(id).then(statusOf, (error: unknown) => (isNotFound(error) ? null : Promise.reject(error))),
        ),
      );
      return statuses
        .filter((status): status is ScheduleStatus => status !== null)
        .sort((a, b) => a.scheduleId.localeCompare(b.scheduleId));
    });
  }

  async updateSchedule(scheduleId: string, change: ScheduleChange): Promise<ScheduleStatus> {
    await this.call('updateSchedule', async () => {
      const handle = await this.handleOf(scheduleId);
      try {
        await handle.update((previous) => {
          const current = definitionOf(previous);
          const next: ScheduleDefinition = {
            ...current,
            ...(change.spec ? { spec: change.spec } : {}),
            ...(change.policy ? { policy: change.policy } : {}),
            ...(change.batch ? { batch: change.batch } : {}),
            ...(change.note !== undefined ? { note: change.note } : {}),
          };
          return {
            spec: temporalSpecOf(next.spec),
            action: this.actionOf(next),
            policies: {
              overlap: next.policy.overlap,
              catchupWindow: durationMsOf(next.policy.catchupWindow),
              pauseOnFailure: next.policy.pauseOnFailure,
            },
            state: { paused: previous.state.paused, ...(next.note !== null ? { note: next.note } : {}) },
          };
        });
      } catch (error) {
        throw specErrorOf(error);
      }
    });
    return this.getSchedule(scheduleId);
  }

  async pauseSchedule(scheduleId: string, note: string): Promise<ScheduleStatus> {
    await this.call('pauseSchedule', async () => (await this.handleOf(scheduleId)).pause(note));
    return this.getSchedule(scheduleId);
  }

  async resumeSchedule(scheduleId: string, note: string): Promise<ScheduleStatus> {
    await this.call('resumeSchedule', async () => (await this.handleOf(scheduleId)).unpause(note));
    return this.getSchedule(scheduleId);
  }

  /**
   * Runs the schedule now (whatever its overlap policy: a run asked for by hand always starts) and answers with
   * that run's batch id once Temporal has started it.
   */
  async triggerSchedule(
    scheduleId: string,
    waitMs = 10_000,
  ): Promise<{ status: ScheduleStatus; batchId: string | null }> {
    const before = await this.describe(scheduleId);
    const known = new Set(before.info.recentActions.map((run) => run.action.workflow.workflowId));
    for (const running of before.info.runningActions) known.add(running.workflow.workflowId);
    await this.call('triggerSchedule', async () => (await this.handleOf(scheduleId)).trigger('ALLOW_ALL'));
    const deadline = Date.now() + waitMs;
    for (;;) {
      const description = await this.describe(scheduleId);
      const started = [
        ...description.info.runningActions.map((action) => action.workflow.workflowId),
        ...description.info.recentActions.map((run) => run.action.workflow.workflowId),
      ].find((id) => !known.has(id));
      if (started || Date.now() > deadline) return { status: statusOf(description), batchId: started ?? null };
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Deletes the schedule; batches it started run on (cancel them through their batch). */
  async deleteSchedule(scheduleId: string): Promise<void> {
    await this.call('deleteSchedule', async () => (await this.handleOf(scheduleId)).delete());
  }

  private actionOf(definition: ScheduleDefinition): ScheduleOptionsStartWorkflowAction<never> {
    const input: BatchInput = { ...definition.batch, scheduleId: definition.scheduleId };
    return {
      type: 'startWorkflow',
      workflowType: BATCH_WORKFLOW_TYPE,
      workflowId: scheduleBatchIdPrefix(definition.scheduleId),
      taskQueue: this.options.taskQueue,
      args: [input] as never,
      memo: { [SPEC_MEMO]: { spec: definition.spec, policy: definition.policy } satisfies SpecMemo },
    };
  }

  private async handleOf(scheduleId: string): Promise<ScheduleHandle> {
    await this.describe(scheduleId);
    return this.options.client.schedule.getHandle(scheduleId);
  }

  private async describe(scheduleId: string): Promise<ScheduleDescription> {
    if (!SCHEDULE_ID_PATTERN.test(scheduleId)) throw new NotFoundError('schedule', scheduleId);
    try {
      const description = await this.options.client.schedule.getHandle(scheduleId).describe();
      if (description.action.workflowType !== BATCH_WORKFLOW_TYPE) throw new NotFoundError('schedule', scheduleId);
      return description;
    } catch (error) {
      if (isNotFound(error)) throw new NotFoundError('schedule', scheduleId);
      throw error;
    }
  }

  private call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return temporalCall(this.options.client, operation, this.callTimeoutMs, fn);
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof ScheduleNotFoundError || grpcCodeOf(error) === 5;
}

/** Temporal's INVALID_ARGUMENT (the SDK turns it into a TypeError with the server's words) as a 400. */
function specErrorOf(error: unknown): unknown {
  if (error instanceof TypeError) return new ScheduleSpecInvalidError(error.message);
  if (grpcCodeOf(error) === GrpcStatus.INVALID_ARGUMENT) {
    return new ScheduleSpecInvalidError(
      error instanceof Error ? error.message.replace(/^\d+ INVALID_ARGUMENT: /, '') : String(error),
    );
  }
  return error;
}

interface SpecMemo {
  spec: ScheduleDefinition['spec'];
  policy: ScheduleDefinition['policy'];
}

function definitionOf(description: ScheduleDescription): ScheduleDefinition {
  const memo = description.action.memo?.[SPEC_MEMO] as SpecMemo | undefined;
  const input = (description.action.args?.[0] ?? {}) as BatchInput;
  const { scheduleId: _scheduleId, ...batch } = input;
  return {
    scheduleId: description.scheduleId,
    spec: memo?.spec ?? {
      cron: [],
      every: null,
      offset: null,
      timeZone: description.spec.timezone ?? 'UTC',
      jitter: null,
    },
    policy: memo?.policy ?? {
      overlap: description.policies.overlap ?? 'SKIP',
      catchupWindow: `${Math.round(description.policies.catchupWindow / 1000)}s`,
      pauseOnFailure: description.policies.pauseOnFailure,
    },
    batch: batch as ScheduledBatch,
    note: description.state.note ?? null,
    paused: description.state.paused,
  };
}

function statusOf(description: ScheduleDescription): ScheduleStatus {
  return {
    ...definitionOf(description),
    nextRunsAt: description.info.nextActionTimes.slice(0, 5).map((time) => time.toISOString()),
    recentRuns: description.info.recentActions
      .slice(-10)
      .reverse()
      .map((run) => ({
        batchId: run.action.workflow.workflowId,
        scheduledAt: run.scheduledAt.toISOString(),
        startedAt: run.takenAt.toISOString(),
      })),
    runningBatchIds: description.info.runningActions.map((action) => action.workflow.workflowId),
    createdAt: description.info.createdAt.toISOString(),
    updatedAt: description.info.lastUpdatedAt ? description.info.lastUpdatedAt.toISOString() : null,
  };
}

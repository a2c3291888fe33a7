// This worker's share of Tencent's per-account call budget: 1 / the number of workers that polled the task
// queue's activities recently, as Temporal reports them (DescribeTaskQueue), re-read every few seconds.
import type { NativeConnection } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';

export interface WorkerShareOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** This worker's identity: counted whether or not Temporal lists it yet. */
  identity: string;
  /** How often the count is read again (default 5 s). */
  refreshMs?: number;
  /** A poller seen less recently than this is not counted (default 60 s: a killed worker drops out). */
  activeWithinMs?: number;
  onError?: (error: unknown) => void;
}

export interface WorkerShare {
  /** 1 / active workers (1 until the first answer). */
  share(): number;
  workers(): number;
  stop(): void;
}

export function watchWorkerShare(options: WorkerShareOptions): WorkerShare {
  let workers = 1;
  const refresh = async (): Promise<void> => {
    try {
      const { pollers } = await options.connection.workflowService.describeTaskQueue({
        namespace: options.namespace,
        taskQueue: { name: options.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
      });
      const since = Date.now() - (options.activeWithinMs ?? 60_000);
      const identities = new Set(
        (pollers ?? [])
          .filter((poller) => Number(poller.lastAccessTime?.seconds ?? 0) * 1000 >= since)
          .map((poller) => poller.identity ?? ''),
      );
      // Right after its start this worker may not be listed yet: it counts all the same.
      identities.add(options.identity);
      workers = identities.size;
    } catch (error) {
      options.onError?.(error);
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh(), options.refreshMs ?? 5_000);
  timer.unref();
  return {
    share: () => 1 / workers,
    workers: () => workers,
    stop: () => clearInterval(timer),
  };
}

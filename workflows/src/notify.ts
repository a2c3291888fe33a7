// Telling the configured endpoints that an export or a batch ended: one deliverNotification child per
// endpoint, abandoned by the parent (it keeps retrying after the parent closed) and started even when the
// parent was cancelled.
import { CancellationScope, log, ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import {
  notificationIdOf,
  subjectIdOf,
  type NotificationInput,
  type NotificationSource,
  type NotifySettings,
} from '@crs-export/contracts';
import { NOTIFICATION_WORKFLOW_TYPE } from './notification-definitions';
import { DEFAULT_DELIVERY_DEADLINE_MS } from './notification-workflow';

export async function notifyEnd(
  settings: NotifySettings | undefined,
  state: 'SUCCEEDED' | 'FAILED' | 'CANCELLED',
  source: NotificationSource,
): Promise<void> {
  if (!settings || settings.endpoints.length === 0) return;
  if (settings.on && !settings.on.includes(state)) return;
  const subjectId = subjectIdOf(source) ?? workflowInfo().workflowId;
  const runId = workflowInfo().firstExecutionRunId;
  await CancellationScope.nonCancellable(() =>
    Promise.all(
      [...new Set(settings.endpoints)].map(async (endpoint) => {
        const input: NotificationInput = {
          endpoint,
          source,
          deadlineMs: settings.deadlineMs ?? DEFAULT_DELIVERY_DEADLINE_MS,
        };
        const workflowId = notificationIdOf(subjectId, runId, endpoint);
        try {
          await startChild(NOTIFICATION_WORKFLOW_TYPE, {
            workflowId,
            args: [input],
            taskQueue: workflowInfo().taskQueue,
            parentClosePolicy: ParentClosePolicy.ABANDON,
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
        } catch (error) {
          // A notification never changes how its export or batch ended (one already started is fine too).
          log.warn('notification not started', { workflowId, error: String(error) });
        }
      }),
    ),
  );
}

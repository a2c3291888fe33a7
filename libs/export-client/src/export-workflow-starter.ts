// Starts export workflows and reports whether Temporal created a run or handed back the running one.
import { compileWorkflowOptions, WorkflowClient, type WorkflowOptions } from '@temporalio/client';

export interface StartOutcome {
  runId: string;
  /** false: a run with this workflow ID was already running (conflict policy USE_EXISTING). */
  started: boolean;
}

/**
 * SDK 1.24's `workflow.start()` drops the `started` flag of StartWorkflowExecutionResponse, so this
 * subclass sends the request the SDK builds itself and reads the flag: one RPC, no describe, no race.
 */
export class ExportWorkflowStarter extends WorkflowClient {
  async startReportingCreation(
    workflowType: string,
    options: WorkflowOptions & { args: unknown[] },
  ): Promise<StartOutcome> {
    const request = await this.createStartWorkflowRequest({
      workflowType,
      headers: {},
      options: { ...compileWorkflowOptions(options), args: options.args },
    });
    try {
      const response = await this.workflowService.startWorkflowExecution(request);
      return { runId: response.runId, started: response.started };
    } catch (error) {
      this.rethrowGrpcError(error, 'Failed to start export workflow', { workflowId: options.workflowId });
    }
  }
}

// Lint fixture: workflow code that imports the worker SDK. The lint test expects this to be rejected.
import { Worker } from '@temporalio/worker';

export const workerType = typeof Worker;

// Quiets the SDK's console logging in tests: a WARN-level Runtime logger, installed once per process.
import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

export function quietTemporalRuntime(): void {
  if (installed) return;
  installed = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  } catch {
    // Another module of this test process installed it first; theirs stays.
  }
}

// The Temporal side of the stack. The stack spawns the CLI with libs/dev-temporal's `devServerArgs` rather
// than calling startDevServer because it needs the server under its own supervisor, restartable under the
// same handle; readiness is the one Temporal probe of libs/dev-temporal.
export { devServerArgs, temporalReadyProbe } from '@crs-export/dev-temporal';

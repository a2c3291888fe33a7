// The lifecycle of one export, as kept in the ExportState search attribute and shown by the API.
export const EXPORT_STATES = [
  'VALIDATING',
  'EXPORTING',
  'WAITING_FOR_TASK',
  'FETCHING_URL',
  'ARCHIVING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
] as const;

export type ExportState = (typeof EXPORT_STATES)[number];

export const TERMINAL_EXPORT_STATES: readonly ExportState[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export function isTerminalExportState(state: ExportState): boolean {
  return TERMINAL_EXPORT_STATES.includes(state);
}

export function isExportState(value: unknown): value is ExportState {
  return typeof value === 'string' && (EXPORT_STATES as readonly string[]).includes(value);
}

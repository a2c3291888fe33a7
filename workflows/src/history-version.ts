// Which version of the workflows' commands the histories recorded now belong to. Saved histories
// (workflows/test/histories/<version>/) are never overwritten: a version's histories are what executions
// started on that build look like, and every one of them must still replay on today's code (the replay test).
//
// When a change alters the commands an existing path issues (a new activity, timer, child or signal on a path
// that old executions take), put the new code behind `patched('<change-id>')` so that executions started
// before it keep the old path, bump this version, and record its histories
// (UPDATE_HISTORY_FIXTURES=1 npx vitest run --project worker). A new path that only new inputs take (e.g.
// `destination`) needs no patch, but does get histories in the next version.
//
//   v1-plain      the seed's export workflow, payloads not encrypted
//   v2-encrypted  payloads encrypted by the codec (the same commands)
//   v3-fleet      archiving (ARCHIVING, one transfer per file, the manifest), notifications at the end,
//                 batches (exportBatch with pruning) and deliverNotification
export const WORKFLOW_HISTORY_VERSION = 'v3-fleet';

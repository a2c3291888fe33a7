// Preloaded into every node service of the stack: exits gracefully when the supervisor dies without stopping it.
'use strict';
// Services run in process groups of their own (so Ctrl-C reaches only the supervisor, which stops them in
// order); the price is that a supervisor killed with SIGKILL would leave them running. This closes that gap.
const parentPid = Number(process.env.CRS_STACK_SUPERVISOR_PID);
if (Number.isInteger(parentPid) && parentPid > 1) {
  let signalled = false;
  const timer = setInterval(() => {
    if (process.ppid === parentPid || signalled) return;
    signalled = true;
    process.stderr.write(`[orphan-guard] supervisor ${parentPid} is gone: stopping\n`);
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.exit(1), 15000).unref();
  }, 1000);
  timer.unref();
}

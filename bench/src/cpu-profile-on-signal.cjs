// Preloaded (NODE_OPTIONS=--require) into the API process of the start benchmark: the first SIGWINCH (ignored by
// default, and not one of the signals NestJS's shutdown hooks listen to, as SIGUSR2 is) starts
// V8's sampling CPU profiler (the one `node --cpu-prof` uses, 1 ms interval, through node:inspector), the
// second stops it and writes the profile (.cpuprofile JSON) to BENCH_CPU_PROFILE_FILE. The profile so covers
// the measured window only, and the API runs unprofiled the rest of the time. (`--cpu-prof` itself is not
// allowed in NODE_OPTIONS, and the stack launches its services with fixed arguments.)
'use strict';
const file = process.env.BENCH_CPU_PROFILE_FILE;
if (file) {
  const inspector = require('node:inspector');
  const fs = require('node:fs');
  let session = null;
  process.on('SIGWINCH', () => {
    if (session === null) {
      session = new inspector.Session();
      session.connect();
      const started = session;
      started.post('Profiler.enable', () =>
        started.post('Profiler.setSamplingInterval', { interval: 1000 }, () => started.post('Profiler.start')),
      );
      return;
    }
    const running = session;
    session = null;
    running.post('Profiler.stop', (error, result) => {
      if (error) process.stderr.write(`cpu profile: ${error.message}\n`);
      else {
        fs.writeFileSync(`${file}.tmp`, JSON.stringify(result.profile));
        fs.renameSync(`${file}.tmp`, file);
      }
      running.disconnect();
    });
  });
}

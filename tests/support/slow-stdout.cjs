// Preloaded (node -r) into a CLI child by tests: after every write to stdout the process stays
// busy for a moment, as on a loaded PC. The order of the program is unchanged; only the gap
// between printing a line and running the next statement is made wide enough to observe.
'use strict';
const PAUSE_MS = Number(process.env.SITEOFFICE_TEST_STDOUT_PAUSE_MS || 500);
const write = process.stdout.write.bind(process.stdout);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
process.stdout.write = (...args) => {
  const result = write(...args);
  Atomics.wait(sleeper, 0, 0, PAUSE_MS);
  return result;
};

#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled into dist/ by `npm install` (the prepare script). Whatever goes
// wrong ends in one line on stderr and exit status 2, never a stack trace in a CI log (set
// DATUM_STUDIO_DEBUG=1 to see it).
function fail(error) {
  const message = error && error.message ? error.message : String(error);
  process.stderr.write(`datum-studio: internal error: ${message.split('\n')[0]}\n`);
  if (process.env.DATUM_STUDIO_DEBUG && error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(2);
}
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
// `datum-studio validate . | head`: a closed pipe is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error && error.code === 'EPIPE') process.exit(process.exitCode || 0);
    fail(error);
  });
}
try {
  require('../dist/cli.js')
    .main(process.argv.slice(2))
    .then((code) => {
      process.exitCode = code;
    }, fail);
} catch (error) {
  fail(error);
}

// Preloaded (node --require) into each CLI run of the hostile-input suite: at exit, writes the
// process's peak resident set size (KB) to $DATUM_FUZZ_RSS_FILE. Nothing else changes.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload, for node --require */
const fs = require('fs');
const file = process.env.DATUM_FUZZ_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // the suite then reports 0 for this run
    }
  });
}

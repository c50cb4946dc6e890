#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled into dist/ by `npm install` (the prepare script).
require('../dist/cli.js').main(process.argv.slice(2)).then((code) => { process.exitCode = code; });

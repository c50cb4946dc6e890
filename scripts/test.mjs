// `npm test`: the unit tier (node:test on out/test/unit), the extension-host tier (real VS Code,
// scripts/run-host-tests.mjs), then the e2e tier (test/e2e/*.e2e.mjs: playwright drives VS Code
// from outside, to see inside webviews). `--unit` / `--host` / `--e2e` run one tier. Each tier ends
// with one line CI reads (`unit: N passed, N failed`, `extension-host: ...`, `e2e: ...`); exit code
// is non-zero if any tier failed. Expects `npm run pretest` (build + compile-tests) to have run; npm does that.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './vscode-server.mjs';

const args = new Set(process.argv.slice(2));
const only = args.has('--unit') ? 'unit' : args.has('--host') ? 'host' : args.has('--e2e') ? 'e2e' : null;

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? findTests(full) : e.name.endsWith('.test.js') ? [full] : [];
  }).sort();
}

function runUnit() {
  // Node 20's --test takes no glob, so the files are listed explicitly. With none (yet), node would
  // fall back to its own default search, so skip it and still print the summary line.
  const files = findTests(path.join(REPO_ROOT, 'out/test/unit'));
  if (files.length === 0) {
    console.log('unit: 0 passed, 0 failed');
    return 0;
  }
  const r = spawnSync(process.execPath, [
    '--enable-source-maps', '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${path.join(REPO_ROOT, 'scripts/summary-reporter.mjs')}`, '--test-reporter-destination=stdout',
    ...files.map((f) => path.relative(REPO_ROOT, f)),
  ], { cwd: REPO_ROOT, stdio: 'inherit' });
  return r.status ?? 1;
}

let failed = false;
if (!only || only === 'unit') failed = runUnit() !== 0 || failed;
// The host and e2e tiers need Chromium: installed here when missing (as root, or with password-less
// sudo), otherwise this stops with the command to run (scripts/system-deps.mjs).
if (only !== 'unit') {
  const { ensureChromium } = await import('./system-deps.mjs');
  try {
    ensureChromium();
  } catch (err) {
    console.error(`ERROR: ${err.message}`);
    if (!only || only === 'host') console.log('extension-host: 0 passed, 1 failed');
    if (!only || only === 'e2e') console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }
}
if (!only || only === 'host') {
  const { runHostTests } = await import('./run-host-tests.mjs');
  failed = (await runHostTests()) !== 0 || failed;
}
if (!only || only === 'e2e') {
  const { runE2e } = await import('../test/e2e/preview.e2e.mjs');
  failed = (await runE2e()) !== 0 || failed;
}
process.exitCode = failed ? 1 : 0;

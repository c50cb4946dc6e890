// Runs the extension-host tests (out/test/host/index.js) inside a real VS Code: VS Code's server
// runs the extension host, Debian's Chromium (via playwright-core) runs the workbench. Works
// offline; see /work/shared/docs/testing-in-vscode.md. Expects `npm run pretest` to have built
// dist/ and out/ already. Run directly: `node scripts/run-host-tests.mjs`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { REPO_ROOT, ensureServer, startServer, workbenchUrl } from './vscode-server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Chromium flags from the recipe: the background-networking ones stop it from flooding the closed
// network with requests that only fail; --no-sandbox because CI runs as root.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OVERALL_TIMEOUT_MS = Number(process.env.DATUM_TEST_TIMEOUT_MS) || 10 * 60_000;
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

/** Returns the process exit code: 0 only if tests ran and all passed. */
export async function runHostTests() {
  const verbose = process.env.DATUM_TEST_VERBOSE === '1';
  const testIndex = path.join(REPO_ROOT, 'out/test/host/index.js');
  if (!fs.existsSync(testIndex) || !fs.existsSync(path.join(REPO_ROOT, 'dist/extension.js'))) {
    console.error('extension-host: out/test/host/index.js or dist/extension.js missing; run `npm run pretest` first');
    return summary(null, 'not built');
  }
  ensureServer();

  // Tests may edit, create and delete fixture files, so they get a throwaway copy.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-host-tests-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(REPO_ROOT, 'test/fixtures/workspace'), workspace, { recursive: true });
  const resultsFile = path.join(tmp, 'results.json');

  // Extension-host console (incl. Mocha's spec output) and page errors, kept for failure reports.
  const hostLog = [];
  const record = (line) => {
    hostLog.push(line);
    if (verbose) console.log(line);
  };

  let server, browser, page, failure = null, exitCode = null;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const onSigint = () => { cleanup().finally(() => process.exit(130)); };
  process.once('SIGINT', onSigint);

  try {
    // DATUM_TEST_RESULTS is set on the server process; the server hands its environment down to
    // the extension host it spawns, which is where test/host/index.ts reads it.
    server = await startServer({ workspace, env: { DATUM_TEST_RESULTS: resultsFile } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    // The workbench (started with --enable-smoke-test-driver + an extensionTestsPath payload)
    // calls these two page globals: console lines of the extension host, and the final exit code.
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    // Log lines arrive printf-style (Mocha's spec reporter sends '%s (%dms)', ...), and include the
    // workbench's own console besides the extension host's.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const list = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'object' && a !== null ? JSON.stringify(a) : a));
      record(`[vscode ${type}] ${format(...list)}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    page.on('pageerror', (err) => record(`[page error] ${err.message}`));
    page.on('crash', () => resolveExit('page crashed'));

    const url = workbenchUrl(server.port, {
      workspace,
      payload: { extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: testIndex, skipWelcome: 'true' },
    });
    if (verbose) console.log(`[host-tests] ${url}`);
    await page.goto(url);

    let timer;
    const timedOut = new Promise((r) => { timer = setTimeout(() => r('timeout'), OVERALL_TIMEOUT_MS); });
    exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (exitCode === 'timeout') failure = `tests did not finish within ${OVERALL_TIMEOUT_MS / 1000} s`;
    else if (exitCode !== 0) failure = `extension host reported exit code ${exitCode}`;

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'host-final.png') }).catch((e) => record(`[screenshot failed] ${e.message}`));
  } catch (err) {
    failure = err.message;
  }

  let results = null;
  try {
    results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  } catch {
    failure ??= 'no results file was written (did DATUM_TEST_RESULTS reach the extension host?)';
  }
  // A non-zero exit is fully explained by failing tests; keep the ERROR line for run-level trouble.
  if (results?.failed > 0 && typeof exitCode === 'number' && exitCode !== 0) failure = null;
  if (results && results.passed + results.failed === 0) failure = 'zero tests ran (no out/test/host/**/*.test.js, or DATUM_TEST_GREP matched nothing)';
  const failed = failure || !results || results.failed > 0 || results.passed === 0;

  // Quiet on success; on failure the host log usually explains what broke (activation errors etc.).
  if (failed && !verbose && hostLog.length) {
    console.log('--- VS Code console (extension host + workbench) ---');
    for (const line of hostLog.slice(-400)) console.log(line);
    console.log('--- end of VS Code console ---');
  }
  if (failure && server) {
    console.log('--- VS Code server log (last lines) ---');
    for (const line of server.logLines.slice(-30)) console.log(line);
    console.log('--- end of server log ---');
  }
  for (const t of results?.tests ?? []) {
    console.log(`  ${t.state === 'passed' ? '✔' : t.state === 'failed' ? '✘' : '-'} ${t.title}${t.durationMs > 100 ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) console.log(t.error.replace(/^/gm, '      '));
  }
  process.removeListener('SIGINT', onSigint);
  await cleanup();
  return summary(results, failure);
}

// Prints the one line CI reads. A run-level failure (server down, timeout, no tests) with no failed
// test counts as one failure, so the line alone never looks green when the run was not.
function summary(results, failure) {
  const passed = results?.passed ?? 0;
  let failed = results?.failed ?? 0;
  if (failure) {
    console.error(`extension-host: ERROR: ${failure}`);
    if (failed === 0) failed = 1;
  }
  console.log(`extension-host: ${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runHostTests();
}

// Runs the extension-host tests inside a real VS Code: VS Code's server runs the extension host,
// Debian's Chromium (via playwright-core) runs the workbench. Works offline; see
// /work/shared/docs/testing-in-vscode.md. Expects `npm run pretest` to have built dist/ and out/
// already. Run directly: `node scripts/run-host-tests.mjs`.
//
// Three runs, each with its own server, settings and copy of the fixture workspace:
//   development  out/test/host/*.test.js against the repository folder (extensionDevelopmentPath)
//   installed    out/test/host/installed/ against the .vsix `npm run package` builds, installed into
//                the server with --install-extension: what users get, not the development folder
//   restricted   out/test/host/restricted/ with workspace trust on and the folder not trusted
// DATUM_HOST_RUNS=development,restricted picks runs; DATUM_TEST_GREP=... filters tests in each.
// Prints one line at the end: `extension-host: N passed, N failed` (all runs together).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureChromium, CHROMIUM_PATH } from './system-deps.mjs';
import { REPO_ROOT, ensureServer, startServer, workbenchUrl } from './vscode-server.mjs';

// Chromium flags from the recipe: the background-networking ones stop it from flooding the closed
// network with requests that only fail; --no-sandbox because CI runs as root.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OVERALL_TIMEOUT_MS = Number(process.env.DATUM_TEST_TIMEOUT_MS) || 10 * 60_000;
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

export const RUNS = {
  development: { extension: 'development' },
  installed: { suite: 'installed', extension: 'vsix' },
  restricted: {
    suite: 'restricted',
    extension: 'development',
    // Trust on, no modal asking at startup: the folder (a fresh temp copy) opens in Restricted Mode.
    settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false },
  },
};

/**
 * What a host test cannot see from inside the extension host, the runner looks at in the page:
 * test/host/helpers.ts `askRunner(kind)` logs `[datum-probe] {"id","kind"}` and waits for
 * <probes>/<id>.json.
 */
const PROBES = {
  /** Texts of the welcome contents shown in views (e.g. the Valohai view's sign-in). */
  async welcome(page) {
    return page.locator('.welcome-view-content').evaluateAll((els) => els.filter((e) => e.offsetParent !== null).map((e) => e.innerText));
  },
  /** Messages of the notifications in the notification center (tests open it: notifications.showList). */
  async notifications(page) {
    return page.locator('.notifications-center .notification-list-item-message').allInnerTexts();
  },
  /** The overlay preview's page state: its script ran (#root data) and its stylesheet applied. */
  async preview(page) {
    for (const frame of page.frames()) {
      const state = await frame.evaluate(() => {
        const root = document.getElementById('root');
        if (!root || root.dataset.image === undefined) return null;
        const sheets = [...document.styleSheets].filter((s) => s.href?.includes('preview.css'));
        let rules = 0;
        for (const s of sheets) { try { rules += s.cssRules.length; } catch { /* not loaded */ } }
        return { image: root.dataset.image, imageState: root.dataset.imageState ?? '', visibleShapes: root.dataset.visibleShapes ?? '', notice: root.dataset.notice ?? '', cssRules: rules, legend: [...document.querySelectorAll('.legend-label')].map((e) => e.textContent) };
      }).catch(() => null);
      if (state) return state;
    }
    return null;
  },
};

/** One server + browser run of one suite. Returns { results, failure }. */
async function runOne(name, options, verbose) {
  const testIndex = path.join(REPO_ROOT, 'out/test/host/index.js');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `datum-host-${name}-`));
  // Tests may edit, create and delete fixture files, so each run gets a throwaway copy.
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(REPO_ROOT, 'test/fixtures/workspace'), workspace, { recursive: true });
  const resultsFile = path.join(tmp, 'results.json');
  const probes = path.join(tmp, 'probes');
  fs.mkdirSync(probes);

  const hostLog = [];
  const record = (line) => {
    hostLog.push(line);
    if (verbose) console.log(`[${name}] ${line}`);
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
    const installExtensions = [];
    if (options.extension === 'vsix') {
      const { buildVsix } = await import('./package.mjs');
      installExtensions.push(buildVsix({ out: path.join(tmp, 'datum-studio.vsix') }));
    }
    // The server hands its environment down to the extension host it spawns, which is where
    // test/host/index.ts and helpers.ts read these.
    server = await startServer({
      workspace,
      settings: options.settings,
      installExtensions,
      env: { DATUM_TEST_RESULTS: resultsFile, DATUM_TEST_SUITE: options.suite ?? '', DATUM_TEST_PROBES: probes, DATUM_TEST_RUN: name },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    // The workbench (started with --enable-smoke-test-driver + an extensionTestsPath payload)
    // calls these two page globals: console lines of the extension host, and the final exit code.
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const list = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'object' && a !== null ? JSON.stringify(a) : a));
      const line = format(...list);
      record(`[vscode ${type}] ${line}`);
      const probe = /\[datum-probe\] (\{.*\})/.exec(line);
      if (probe) answerProbe(page, probes, probe[1], record);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    page.on('pageerror', (err) => record(`[page error] ${err.message}`));
    page.on('crash', () => resolveExit('page crashed'));

    // The workbench runs extensionTestsPath only for a development extension. Testing the
    // installed .vsix, that is a placeholder with no code (another id), so the extension under
    // test is the installed one.
    const developmentPath = options.extension === 'development' ? REPO_ROOT : placeholderExtension(tmp);
    const url = workbenchUrl(server.port, {
      workspace,
      payload: { extensionDevelopmentPath: developmentPath, extensionTestsPath: testIndex, skipWelcome: 'true' },
    });
    if (verbose) console.log(`[${name}] ${url}`);
    await page.goto(url);

    let timer;
    const timedOut = new Promise((r) => { timer = setTimeout(() => r('timeout'), OVERALL_TIMEOUT_MS); });
    exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (exitCode === 'timeout') failure = `tests did not finish within ${OVERALL_TIMEOUT_MS / 1000} s`;
    else if (exitCode !== 0) failure = `extension host reported exit code ${exitCode}`;

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const shot = name === 'development' ? 'host-final.png' : `host-${name}-final.png`;
    await page.screenshot({ path: path.join(ARTIFACTS, shot) }).catch((e) => record(`[screenshot failed] ${e.message}`));
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
  // With a grep, a run whose tests all fall outside it ran nothing, and that is fine.
  if (results && results.passed + results.failed === 0) {
    if (process.env.DATUM_TEST_GREP && typeof exitCode === 'number') failure = null;
    else failure = `zero tests ran (no ${options.suite ? `out/test/host/${options.suite}/` : 'out/test/host/'}*.test.js?)`;
  }
  const failed = failure || !results || results.failed > 0;

  // Quiet on success; on failure the host log usually explains what broke (activation errors etc.).
  if (failed && !verbose && hostLog.length) {
    console.log(`--- VS Code console, ${name} run (extension host + workbench) ---`);
    for (const line of hostLog.slice(-400)) console.log(line);
    console.log('--- end of VS Code console ---');
  }
  if (failure && server) {
    console.log(`--- VS Code server log, ${name} run (last lines) ---`);
    for (const line of server.logLines.slice(-30)) console.log(line);
    console.log('--- end of server log ---');
  }
  for (const t of results?.tests ?? []) {
    console.log(`  ${t.state === 'passed' ? '✔' : t.state === 'failed' ? '✘' : '-'} ${name === 'development' ? '' : `[${name}] `}${t.title}${t.durationMs > 100 ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) console.log(t.error.replace(/^/gm, '      '));
  }
  if (failure) console.error(`extension-host (${name}): ERROR: ${failure}`);
  process.removeListener('SIGINT', onSigint);
  await cleanup();
  return { results, failure };
}

function placeholderExtension(dir) {
  const folder = path.join(dir, 'test-placeholder-extension');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({
    name: 'host-test-placeholder', publisher: 'datum-studio-tests', version: '0.0.0', engines: { vscode: '*' },
  }));
  return folder;
}

function answerProbe(page, dir, json, record) {
  let request;
  try { request = JSON.parse(json); } catch { return; }
  const probe = PROBES[request.kind];
  const id = String(request.id).replace(/[^\w-]/g, '');
  // Written then renamed, so the test never reads half a file.
  const write = (answer) => {
    fs.writeFileSync(path.join(dir, `${id}.json.tmp`), JSON.stringify(answer));
    fs.renameSync(path.join(dir, `${id}.json.tmp`), path.join(dir, `${id}.json`));
  };
  if (!probe) { write({ error: `no probe "${request.kind}"` }); return; }
  probe(page).then((value) => write({ value }), (err) => {
    record(`[probe ${request.kind} failed] ${err.message}`);
    write({ error: err.message });
  });
}

/** Returns the process exit code: 0 only if tests ran and all passed. */
export async function runHostTests() {
  const verbose = process.env.DATUM_TEST_VERBOSE === '1';
  if (!fs.existsSync(path.join(REPO_ROOT, 'out/test/host/index.js')) || !fs.existsSync(path.join(REPO_ROOT, 'dist/extension.js'))) {
    console.error('extension-host: out/test/host/index.js or dist/extension.js missing; run `npm run pretest` first');
    return summary(0, 1);
  }
  const names = (process.env.DATUM_HOST_RUNS || Object.keys(RUNS).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !RUNS[n]);
  if (unknown.length) {
    console.error(`extension-host: unknown run(s) ${unknown.join(', ')} in DATUM_HOST_RUNS (known: ${Object.keys(RUNS).join(', ')})`);
    return summary(0, 1);
  }
  try {
    ensureChromium();
    ensureServer();
  } catch (err) {
    console.error(`extension-host: ERROR: ${err.message}`);
    return summary(0, 1);
  }
  let passed = 0;
  let failed = 0;
  for (const name of names) {
    const { results, failure } = await runOne(name, RUNS[name], verbose);
    passed += results?.passed ?? 0;
    failed += results?.failed ?? 0;
    // A run-level failure (server down, timeout, no tests) with no failed test counts as one, so
    // the line alone never looks green when a run was not.
    if (failure && !(results?.failed > 0)) failed++;
  }
  return summary(passed, failed);
}

function summary(passed, failed) {
  if (passed === 0 && failed === 0) failed = 1; // nothing ran at all (e.g. a grep that matched nothing anywhere)
  console.log(`extension-host: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runHostTests();
}

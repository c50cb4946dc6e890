// `npm run bench:editor` (also the last part of `npm run bench`): typing latency in the real VS Code.
// VS Code's server (from code-server) runs the extension host, Debian's Chromium the workbench;
// test/bench/editorBench.ts runs inside the extension host and times, for MetaLake annotation files
// of ~0.4, 4.4 and 44 MB (1k, 10k, 100k annotations, ~1% errors), the edit that makes one bbox width
// negative until its diagnostic is there, and the revert until it is gone (five times each), plus
// the time from opening the 44 MB file to its first diagnostics, and the same for VS Code's own JSON
// service on a copy of that file with the same schema (json.schemas; Datum Studio off for the copy:
// format "none"). Measured on the extension host's
// side (vscode.languages.onDidChangeDiagnostics), debounce included. Never fails on a missed target.
// Then, as a person types (scripts/bench/typing.mjs): the same edit as a key pressed in the
// workbench, timed in the page until the squiggle is drawn (--host-only skips it;
// DATUM_TYPING_PROFILE=<file.cpuprofile> takes a CPU profile of the page during the last file's edits).
//   node scripts/bench/editor.mjs [--runs=5] [--sizes=1000,10000,100000] [--without-git] [--host-only]
// Expects dist/ built (npm run build); compiles the tests when out/test/bench/ is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ensureFiles } from './generate.mjs';
import { typeInFile } from './typing.mjs';
import { CHROMIUM_PATH, ensureChromium } from '../system-deps.mjs';
import { REPO_ROOT, startServer, workbenchUrl } from '../vscode-server.mjs';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${Math.round(x)} ms`;
const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;

export async function benchEditor({ root = REPO_ROOT, dataDir = path.join(REPO_ROOT, 'bench-data'), out = (l = '') => process.stdout.write(l + '\n'), runs = 5, sizes = [1000, 10000, 100000], withoutGit = false, typing = true } = {}) {
  const bench = path.join(root, 'out/test/bench/editorBench.js');
  if (!fs.existsSync(bench)) {
    // `npm run bench` builds dist/ only: compile the tests (the bench suite is one) when missing.
    out('  compiling the tests (out/test/bench/editorBench.js is missing)');
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.test.json')], { stdio: 'inherit' });
    if (r.status !== 0 || !fs.existsSync(bench)) throw new Error(`${bench} is missing and compiling the tests failed: run npm run compile-tests`);
  }
  ensureChromium();
  const files = ensureFiles(dataDir, sizes, { log: (m) => out(`  ${m}`) }).filter((f) => f.variant === 'errors');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'datum-bench-editor-'));
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace);
  const copies = files.map((f) => {
    const to = path.join(workspace, `bench-${f.name}`);
    fs.copyFileSync(f.file, to);
    return to;
  });
  // VS Code's JSON service on a copy of the biggest file, with our schema (json.schemas below).
  const jsonDir = path.join(workspace, 'json-service');
  fs.mkdirSync(jsonDir);
  const jsonCopy = path.join(jsonDir, `json-${path.basename(files[files.length - 1].file)}`);
  fs.copyFileSync(files[files.length - 1].file, jsonCopy);
  const schema = path.join(root, 'schemas/annotations.schema.json');
  const resultsFile = path.join(tmp, 'results.json');
  let server, browser;
  try {
    server = await startServer({
      workspace,
      settings: {
        'datumStudio.validation.maxLiveFileSizeMB': 100,
        'json.schemas': [{ fileMatch: ['**/json-service/*.json'], url: pathToFileURL(schema).toString() }],
        // --without-git: VS Code's built-in git and merge-conflict extensions share the extension
        // host's thread and, per edit of a big file, spawn git and copy its whole text; turned off,
        // the figures are what this extension's own work costs.
        ...(withoutGit ? { 'git.enabled': false, 'merge-conflict.codeLens.enabled': false, 'merge-conflict.decorators.enabled': false } : {}),
      },
      env: { DATUM_BENCH_FILES: JSON.stringify(copies), DATUM_BENCH_RUNS: String(runs), DATUM_BENCH_RESULTS: resultsFile, DATUM_BENCH_JSON_FILE: jsonCopy, ...(process.env.DATUM_BENCH_PROFILE ? { DATUM_BENCH_PROFILE: path.resolve(process.env.DATUM_BENCH_PROFILE) } : {}) },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    const log = [];
    await page.exposeFunction('codeAutomationLog', (type, args) => { log.push(`${type} ${JSON.stringify(args)}`); });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.goto(workbenchUrl(server.port, { workspace, payload: { extensionDevelopmentPath: root, extensionTestsPath: bench, skipWelcome: 'true' } }));
    let timer;
    const code = await Promise.race([exited, new Promise((r) => { timer = setTimeout(() => r('timeout'), 40 * 60_000); })]);
    clearTimeout(timer);
    let data = { results: [], errors: [], json: undefined };
    try { data = JSON.parse(fs.readFileSync(resultsFile, 'utf8')); } catch { /* none */ }
    if (code !== 0) {
      out(`editor bench: the run ended with ${code}${data.errors.length ? `: ${data.errors.join('; ')}` : ''}`);
      for (const l of log.slice(-40)) out(`  ${l}`);
    }
    report(data.results, runs, out, data.json);
    if (!typing || code !== 0) return data.results;
    // As a person types: a fresh workbench with the extension, keys pressed in the page.
    const typed = await benchTyping(browser, server.port, workspace, root, copies, runs, out);
    reportTyping(typed, runs, out);
    return typed.length ? data.results : [];
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function benchTyping(browser, port, workspace, root, copies, runs, out) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(workbenchUrl(port, { workspace, payload: { extensionDevelopmentPath: root, skipWelcome: 'true' } }));
  await page.waitForSelector('.part.editor', { timeout: 120_000 });
  const results = [];
  for (const [i, file] of copies.entries()) {
    try {
      const profileFile = i === copies.length - 1 && process.env.DATUM_TYPING_PROFILE ? path.resolve(process.env.DATUM_TYPING_PROFILE) : undefined;
      results.push(await typeInFile(page, { rel: path.basename(file), file, runs, profileFile }));
    } catch (e) {
      out(`typing bench: ${path.basename(file)}: ${e instanceof Error ? e.message : e}`);
      await page.screenshot({ path: path.join(os.tmpdir(), 'datum-typing-bench-failure.png') }).catch(() => {});
      break;
    }
  }
  await page.close();
  return results;
}

function reportTyping(results, runs, out) {
  out('');
  out(`As typed in the workbench (a key pressed in Chromium until the squiggle is drawn on its line; median of ${runs})`);
  out(`${'file'.padEnd(34)}${'size'.padStart(9)}${'key→squiggle'.padStart(14)}${'undo→gone'.padStart(12)}   all key→squiggle`);
  for (const r of results) {
    out(`${r.file.padEnd(34)}${mb(r.bytes).padStart(9)}${ms(median(r.showMs)).padStart(14)}${ms(median(r.clearMs)).padStart(12)}   ${r.showMs.map((x) => Math.round(x)).join(', ')}`);
  }
  if (results.length >= 2) {
    const small = results[0];
    const big = results[results.length - 1];
    out(`ratio ${mb(big.bytes)} / ${mb(small.bytes)}: key→squiggle ${(median(big.showMs) / median(small.showMs)).toFixed(2)}x, undo→gone ${(median(big.clearMs) / median(small.clearMs)).toFixed(2)}x (goal ≤ 1.5x; the ${mb(big.bytes)} key→squiggle under 400 ms)`);
    out(`open ${mb(big.bytes)} (Quick Open) → its errors in the status bar: ${ms(big.openToFirstMs)}`);
  }
}

function report(results, runs, out, json) {
  out(`Typing latency in the real VS Code (VS Code server + Chromium; times on the extension host, debounce included; median of ${runs})`);
  out(`${'file'.padEnd(34)}${'size'.padStart(9)}${'edit→diagnostic'.padStart(17)}${'revert→cleared'.padStart(16)}${'host blocked'.padStart(14)}   all edit→diagnostic`);
  for (const r of results) {
    out(`${path.basename(r.file).padEnd(34)}${mb(r.bytes).padStart(9)}${ms(median(r.showMs)).padStart(17)}${ms(median(r.clearMs)).padStart(16)}${ms(median(r.blockMs)).padStart(14)}   ${r.showMs.map((x) => Math.round(x)).join(', ')}`);
  }
  out('("host blocked": the longest stretch the extension host thread was busy during an edit→diagnostic, median)');
  for (const r of results) {
    if (r.handOver) out(`handing ${r.handOver.count} diagnostics of ${path.basename(r.file)} to VS Code: making them ${median(r.handOver.createMs).toFixed(1)} ms, DiagnosticCollection.set ${median(r.handOver.setMs).toFixed(1)} ms (median of ${r.handOver.createMs.length})`);
  }
  if (results.length >= 2) {
    const small = results[0];
    const big = results[results.length - 1];
    out(`ratio ${mb(big.bytes)} / ${mb(small.bytes)}: edit→diagnostic ${(median(big.showMs) / median(small.showMs)).toFixed(2)}x, revert→cleared ${(median(big.clearMs) / median(small.clearMs)).toFixed(2)}x (goal ≤ 1.5x)`);
  }
  const big = results[results.length - 1];
  out(`load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(', ')} on ${os.cpus().length} cores`);
  if (big) out(`open ${mb(big.bytes)} → first diagnostics: ${ms(big.openToFirstMs)} (Datum Studio)`);
  if (json) {
    const what = json.openToFirstMs !== undefined ? `${ms(json.openToFirstMs)}, ${json.count} diagnostics` : `none within ${Math.round(json.waitedMs / 1000)} s`;
    out(`open ${mb(json.bytes)} → first diagnostics: ${what} (VS Code's JSON service, same file and schema via json.schemas, Datum Studio off for it)`);
    if (json.note) out(`  ${json.note}`);
    if (big && json.openToFirstMs !== undefined) out(`  JSON service / Datum Studio: ${(json.openToFirstMs / big.openToFirstMs).toFixed(2)}x`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7)) || 5;
  const sizesArg = args.find((a) => a.startsWith('--sizes='));
  const sizes = sizesArg ? sizesArg.slice(8).split(',').map(Number) : undefined;
  const results = await benchEditor({ runs, sizes, withoutGit: args.includes('--without-git'), typing: !args.includes('--host-only') });
  process.exit(results.length ? 0 : 1);
}

// Loaded by VS Code as `extensionTestsPath` for `npm run bench:editor` (scripts/bench/editor.mjs):
// runs inside the real extension host. For each annotation file it opens the document, waits for
// its first diagnostics, then five times makes a bbox width negative (one "-" typed in front of it)
// and times until our `bbox-negative-size` diagnostic is there, and reverts the edit and times until
// it is gone. Times are taken on the extension host's side: from just before the edit is applied to
// the vscode.languages.onDidChangeDiagnostics event that carries the change (the debounce included;
// the workbench's rendering of the squiggle is not). Results go to $DATUM_BENCH_RESULTS.
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as vscode from 'vscode';

interface FileResult {
  file: string;
  bytes: number;
  openToFirstMs: number;
  showMs: number[];
  clearMs: number[];
  /** the extension host thread's longest block (timer lateness) during each edit→diagnostic */
  blockMs: number[];
  /** the cost of handing this file's diagnostics to VS Code: making them, setting them (five times each) */
  handOver?: { count: number; createMs: number[]; setMs: number[] };
}

/** Watches how late a 20 ms timer fires: how long the extension host's thread was busy at a stretch. */
function blockWatch(): { stop(): number } {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 20);
    last = now;
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(worst, performance.now() - last - 20);
    },
  };
}

// Generous: on a shared 2-core machine under load, opening a 47 MB file can take minutes.
const TIMEOUT_MS = 600_000;

/**
 * With DATUM_BENCH_PROFILE=<file.cpuprofile>: a CPU profile of the extension host's thread during
 * the edits of the last (largest) file, for finding what blocks it (open the file in Chrome DevTools).
 */
function startProfile(): (() => Promise<void>) | undefined {
  const file = process.env.DATUM_BENCH_PROFILE;
  if (!file) return undefined;
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> => new Promise((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
  const started = post('Profiler.enable').then(() => post('Profiler.setSamplingInterval', { interval: 500 })).then(() => post('Profiler.start'));
  return async () => {
    await started;
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** Resolves with the time at which `test(diagnostics of uri)` first holds, checking now and on every change. */
function whenDiagnostics(uri: vscode.Uri, what: string, test: (d: readonly vscode.Diagnostic[]) => boolean, timeoutMs = TIMEOUT_MS): Promise<number> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      if (!test(vscode.languages.getDiagnostics(uri))) return false;
      const t = performance.now();
      sub.dispose();
      clearTimeout(timer);
      resolve(t);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`${what} (${uri.fsPath}) did not happen within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    check();
  });
}

const ours = (d: vscode.Diagnostic): boolean => d.source === 'Datum Studio';
const negativeAt = (line: number) => (d: vscode.Diagnostic): boolean => ours(d) && codeOf(d) === 'bbox-negative-size' && d.range.start.line === line;

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (typeof c === 'object' && c !== null) return String(c.value);
  return c === undefined ? undefined : String(c);
}

async function benchFile(file: string, runs: number, profile = false): Promise<FileResult> {
  const uri = vscode.Uri.file(file);
  const bytes = fs.statSync(file).size;
  const t0 = performance.now();
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const first = await whenDiagnostics(uri, 'first diagnostics after opening', (d) => d.some(ours));
  const openToFirstMs = first - t0;
  // Wait for the later phases too (disk, duplicate keys), so they do not land in the first edit.
  await new Promise((r) => setTimeout(r, 2000));

  // The width of a box halfway through the file: `"bbox": [` then x, y, width.
  const text = doc.getText();
  const middle = text.indexOf('"bbox": [', text.length >> 1);
  if (middle === -1) throw new Error(`no bbox in the second half of ${file}`);
  const re = /"bbox": \[\s*(-?[\d.]+),\s*(-?[\d.]+),\s*([\d.]+)/y;
  re.lastIndex = middle;
  const m = re.exec(text);
  if (!m) throw new Error(`bbox at ${middle} of ${file} is not [x, y, positive width, ...]`);
  const widthOffset = m.index + m[0].length - m[3].length;
  const at = doc.positionAt(widthOffset);

  const showMs: number[] = [];
  const clearMs: number[] = [];
  const blockMs: number[] = [];
  const stopProfile = profile ? startProfile() : undefined;
  for (let k = 0; k < runs; k++) {
    const before = vscode.languages.getDiagnostics(uri).filter(negativeAt(at.line)).length;
    if (before !== 0) throw new Error(`line ${at.line + 1} already has a bbox-negative-size diagnostic`);
    let start = performance.now();
    const watch = blockWatch();
    const shown = whenDiagnostics(uri, `the diagnostic of edit ${k + 1}`, (d) => d.some(negativeAt(at.line)));
    if (!(await editor.edit((e) => e.insert(at, '-')))) throw new Error('the edit was refused');
    showMs.push((await shown) - start);
    blockMs.push(watch.stop());
    start = performance.now();
    const cleared = whenDiagnostics(uri, `the diagnostic's clearing after revert ${k + 1}`, (d) => !d.some(negativeAt(at.line)));
    if (!(await editor.edit((e) => e.delete(new vscode.Range(at, at.translate(0, 1)))))) throw new Error('the revert was refused');
    clearMs.push((await cleared) - start);
    // Let the later phases of the revert land before the next edit.
    await new Promise((r) => setTimeout(r, 1500));
  }
  await stopProfile?.();
  const handOver = measureHandOver(doc, uri);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return { file, bytes, openToFirstMs, showMs, clearMs, blockMs, handOver };
}

/**
 * What handing diagnostics to VS Code costs on the extension host: making 1,000 Diagnostic objects
 * (the cap of one file's list) spread over this file, positions from offsets as the diagnostics
 * make them, and setting them on a collection (which copies them all to the workbench, whether they
 * changed or not).
 */
function measureHandOver(doc: vscode.TextDocument, uri: vscode.Uri): FileResult['handOver'] {
  const count = 1000;
  const step = Math.max(1, Math.floor(doc.lineCount / count));
  const offsets = Array.from({ length: count }, (_, i) => {
    const line = doc.lineAt(Math.min(doc.lineCount - 1, i * step));
    return [doc.offsetAt(line.range.start), doc.offsetAt(line.range.end)];
  });
  const collection = vscode.languages.createDiagnosticCollection('datum-bench');
  const createMs: number[] = [];
  const setMs: number[] = [];
  for (let k = 0; k < 5; k++) {
    let t = performance.now();
    const made = offsets.map(([a, b], i) => {
      const out = new vscode.Diagnostic(new vscode.Range(doc.positionAt(a), doc.positionAt(b)), `bench diagnostic ${i} of ${k}`, vscode.DiagnosticSeverity.Warning);
      out.source = 'datum-bench';
      out.code = 'bench';
      return out;
    });
    createMs.push(performance.now() - t);
    t = performance.now();
    collection.set(uri, made);
    setMs.push(performance.now() - t);
  }
  collection.dispose();
  return { count, createMs, setMs };
}

interface JsonServiceResult {
  file: string;
  bytes: number;
  /** undefined: no diagnostics came within the wait */
  openToFirstMs?: number;
  count: number;
  waitedMs: number;
  note?: string;
}

/**
 * VS Code's own JSON service on a copy of the biggest file, which json.schemas maps to our schema:
 * Datum Studio is told to leave the copy alone (format "none", so neither its diagnostics nor its
 * language features analyse it), then the time from opening it to VS Code's first diagnostics.
 */
/** VS Code's JSON service gets this long (it may never report on a file this big). */
const JSON_TIMEOUT_MS = 300_000;

async function benchJsonService(file: string): Promise<JsonServiceResult> {
  const uri = vscode.Uri.file(file);
  const bytes = fs.statSync(file).size;
  await vscode.commands.executeCommand('datumStudio.selectFormat', uri, 'none');
  const t0 = performance.now();
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  let openToFirstMs: number | undefined;
  let note: string | undefined;
  try {
    openToFirstMs = (await whenDiagnostics(uri, 'the JSON service\'s first diagnostics', (d) => d.length > 0, JSON_TIMEOUT_MS)) - t0;
  } catch (e) {
    note = e instanceof Error ? e.message : String(e);
  }
  const waitedMs = performance.now() - t0;
  // A few seconds more: whether more diagnostics follow the first batch.
  await new Promise((r) => setTimeout(r, 3000));
  const all = vscode.languages.getDiagnostics(uri);
  if (all.some(ours)) note = `${note ? note + '; ' : ''}Datum Studio reported on it too (it should be off)`;
  const sources = [...new Set(all.map((d) => d.source ?? '(no source)'))].join(', ');
  if (all.length) note = `${note ? note + '; ' : ''}sources: ${sources}; language ${doc.languageId}`;
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return { file, bytes, openToFirstMs, count: all.length, waitedMs, note };
}

export async function run(): Promise<void> {
  const files: string[] = JSON.parse(process.env.DATUM_BENCH_FILES ?? '[]');
  const runs = Number(process.env.DATUM_BENCH_RUNS) || 5;
  const out = process.env.DATUM_BENCH_RESULTS;
  const results: FileResult[] = [];
  const errors: string[] = [];
  for (const [i, file] of files.entries()) {
    try {
      results.push(await benchFile(file, runs, i === files.length - 1));
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
      break;
    }
    if (out) fs.writeFileSync(out, JSON.stringify({ results, errors }, null, 2));
  }
  let json: JsonServiceResult | undefined;
  const jsonFile = process.env.DATUM_BENCH_JSON_FILE;
  if (jsonFile && !errors.length) {
    try {
      json = await benchJsonService(jsonFile);
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (out) fs.writeFileSync(out, JSON.stringify({ results, errors, json }, null, 2));
  if (errors.length) throw new Error(errors.join('\n'));
}

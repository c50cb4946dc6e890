// Small helpers for extension-host tests (run inside real VS Code with the fixture workspace open;
// the runners copy test/fixtures/workspace to a temp dir first, so tests may edit files freely).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'datum-studio.datum-studio';

/** URI of a file in the open fixture workspace, e.g. fixtureUri('smoke.json'). */
export function fixtureUri(relPath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('No workspace folder is open (the test runner should open test/fixtures/workspace)');
  return vscode.Uri.joinPath(folder.uri, ...relPath.split('/').filter(Boolean));
}

export interface WaitOptions {
  /** Give up after this many ms (default 20 000: shared machines can be slow). */
  timeout?: number;
  /** Poll every this many ms (default 50). */
  interval?: number;
  /** Shown in the error on timeout; a function is called then, so it can describe the last state. */
  message?: string | (() => string);
}

/**
 * Polls `predicate` until it returns a truthy value (which is returned) or the timeout passes.
 * Use instead of fixed sleeps: diagnostics, activation etc. arrive asynchronously.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const { timeout = 20_000, interval = 50, message } = options;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (err) {
      lastError = err; // predicates may throw while the state is not ready yet
    }
    if (Date.now() >= deadline) {
      const what = typeof message === 'function' ? message() : message ?? 'condition';
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Waits until the diagnostics of `uri` satisfy `predicate` (default: at least one) and returns them.
 * To wait for "no problems", pass `(d) => d.length === 0`.
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean = (d) => d.length > 0,
  options: WaitOptions = {},
): Promise<vscode.Diagnostic[]> {
  let last: readonly vscode.Diagnostic[] = [];
  await waitFor(() => predicate((last = vscode.languages.getDiagnostics(uri))), {
    message: () => `diagnostics of ${vscode.workspace.asRelativePath(uri)}; last seen: ${JSON.stringify(last.map((d) => d.message))}`,
    ...options,
  });
  return [...last];
}

/** Opens a workspace file in an editor and shows it; returns the editor (`.document` is the file). */
export async function openDoc(relPath: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(relPath));
  return vscode.window.showTextDocument(doc);
}

/** The extension under test, activated. */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`Extension ${EXTENSION_ID} is not loaded`);
  await ext.activate();
  return ext;
}

/** Only Datum Studio's diagnostics (VS Code's JSON support reports on .json files too). */
export const ours = (d: readonly vscode.Diagnostic[]): vscode.Diagnostic[] => d.filter((x) => x.source === 'Datum Studio');

/** Each test starts with every edit of the one before undone and no editors open. */
export async function closeAllReverting(): Promise<void> {
  // Put the disk's text back and save, rather than trusting a revert command to find the editor.
  // Only the tests' documents: in the workspace or in a tab. VS Code's own models (e.g. the user
  // settings.json it is writing a setting to, dirty for a moment) are not ours to revert.
  const inTab = new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => (t.input instanceof vscode.TabInputText ? t.input.uri.toString() : '')));
  const testsOwn = (d: vscode.TextDocument): boolean => vscode.workspace.getWorkspaceFolder(d.uri) !== undefined || inTab.has(d.uri.toString());
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && testsOwn(d))) {
    const disk = Buffer.from(await vscode.workspace.fs.readFile(doc.uri)).toString('utf8');
    // Save only once the text equals the disk's: saving a failed edit would keep the test's changes.
    await waitFor(async () => {
      if (doc.getText() === disk) return true;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), disk);
      await vscode.workspace.applyEdit(edit);
      return doc.getText() === disk;
    }, { message: `${doc.uri.path} to match the disk again` });
    // Putting the disk's text back can leave nothing to save: VS Code may drop the model meanwhile.
    if (!doc.isClosed && doc.isDirty) await doc.save();
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

let probes = 0;

/**
 * Asks the test runner (scripts/run-host-tests.mjs, PROBES) to look at the page, for what the
 * extension host cannot see: e.g. 'welcome' (the welcome texts of visible views) or 'preview' (the
 * overlay preview's page state). Only the runs that set DATUM_TEST_PROBES answer.
 */
export async function askRunner<T>(kind: string, options: WaitOptions = {}): Promise<T> {
  const dir = process.env.DATUM_TEST_PROBES;
  if (!dir) throw new Error('askRunner needs DATUM_TEST_PROBES, which scripts/run-host-tests.mjs sets');
  const id = `${process.pid}-${++probes}`;
  console.log(`[datum-probe] ${JSON.stringify({ id, kind })}`);
  const file = path.join(dir, `${id}.json`);
  const answer = await waitFor((): { value?: T; error?: string } | undefined => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined), {
    message: `the runner's answer to probe "${kind}"`,
    ...options,
  });
  if (answer.error) throw new Error(`probe "${kind}": ${answer.error}`);
  return answer.value as T;
}

/**
 * The runner's pristine fixture workspace (test/fixtures/workspace, relative to out/test/host).
 * After every test (a root hook in index.ts) the open workspace is put back to it: a pristine file a
 * test changed or deleted is written back, a file the test created is deleted, and unsaved edits
 * of workspace documents are undone. So no test ever reads what another test left behind, even when
 * that test failed half-way. Files that a suite's `before` hook creates are kept (they existed when
 * the test began).
 */
const PRISTINE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspace');

function listFiles(root: string, dir = root, out = new Map<string, number>()): Map<string, number> {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(root, full, out);
    else out.set(path.relative(root, full), 0);
  }
  return out;
}

let filesAtStart: Map<string, number> | undefined;

function workspaceRoot(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

/** Root hook: remembers which files exist as a test starts. */
export function noteFixturesAtStart(): void {
  const root = workspaceRoot();
  filesAtStart = root ? listFiles(root) : undefined;
}

/** Root hook: puts the fixture workspace back as the test found it (see PRISTINE). Returns what it changed. */
export async function restoreFixtures(): Promise<string[]> {
  const root = workspaceRoot();
  if (!root || !fs.existsSync(PRISTINE)) return [];
  const changed: string[] = [];
  const pristine = listFiles(PRISTINE);
  for (const rel of pristine.keys()) {
    const want = fs.readFileSync(path.join(PRISTINE, rel));
    const file = path.join(root, rel);
    let have: Buffer | undefined;
    try { have = fs.readFileSync(file); } catch { /* deleted */ }
    if (!have || !have.equals(want)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, want);
      changed.push(rel);
    }
  }
  for (const rel of listFiles(root).keys()) {
    if (!pristine.has(rel) && !filesAtStart?.has(rel)) {
      fs.rmSync(path.join(root, rel), { force: true });
      changed.push(`${rel} (created)`);
    }
  }
  // Unsaved edits: the document gets the (restored) disk text back and is saved, as closeAllReverting does.
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && d.uri.fsPath.startsWith(root + path.sep))) {
    if (!fs.existsSync(doc.uri.fsPath)) continue;
    const disk = fs.readFileSync(doc.uri.fsPath, 'utf8');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), disk);
    await vscode.workspace.applyEdit(edit);
    if (doc.getText() === disk && !doc.isClosed && doc.isDirty) await doc.save();
    changed.push(`${path.relative(root, doc.uri.fsPath)} (unsaved edits)`);
  }
  return changed;
}

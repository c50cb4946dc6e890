// Small helpers for extension-host tests (run inside real VS Code with the fixture workspace open;
// the runners copy test/fixtures/workspace to a temp dir first, so tests may edit files freely).
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
  // Only the workspace's files: VS Code writes its own (the user settings.json) through a dirty model at times.
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(d.uri))) {
    const disk = Buffer.from(await vscode.workspace.fs.readFile(doc.uri)).toString('utf8');
    // Save only once the text equals the disk's: saving a failed edit would keep the test's changes.
    await waitFor(async () => {
      if (doc.getText() === disk) return true;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), disk);
      await vscode.workspace.applyEdit(edit);
      return doc.getText() === disk;
    }, { message: `${doc.uri.path} to match the disk again` });
    await doc.save();
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

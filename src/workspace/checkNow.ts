// A finished gesture's edit (a box dragged in the preview) wants its diagnostics at once: the
// typing debounce (datumStudio.validation.debounceMs) is for keystrokes that come in bursts, and a
// drag sends one edit at its end. The live diagnostics register the check here; the writer of such
// an edit calls checkNow once the edit is applied, and may wait for the diagnostics to be out
// before it does its own work on the new version (the analysis is shared: made once, here).
import type * as vscode from 'vscode';

type Check = (uri: vscode.Uri) => Promise<void>;
let check: Check | undefined;

/** The live diagnostics' check of a document's current version (undefined: none registered). */
export function registerCheckNow(fn: Check | undefined): void {
  check = fn;
}

/** Brings the document's diagnostics up to date now; resolves when they are published (errors ignored). */
export async function checkNow(uri: vscode.Uri): Promise<void> {
  try {
    await check?.(uri);
  } catch {
    // The diagnostics log their own failures; the edit itself is done.
  }
}

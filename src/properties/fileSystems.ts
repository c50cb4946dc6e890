// The properties file systems (valohai:, valohai-readonly:) are registered when first needed, not
// at activation. Once any extension registers a file system provider, VS Code's extension host adds
// a document link provider for every document ('*') that reads each line of the text, looking for
// the schemes' names, after every change: about 150 ms per edit of a 47 MB annotation file, for
// every user, signed in or not. So they are registered when properties are opened, or at start
// when an editor of theirs is open already (restored from the last session).
import * as vscode from 'vscode';
import { PROPERTIES_READONLY_SCHEME, PROPERTIES_SCHEME } from '../constants';

const SCHEMES = new Set([PROPERTIES_SCHEME, PROPERTIES_READONLY_SCHEME]);

function urisOf(input: unknown): vscode.Uri[] {
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputNotebook) return [input.uri];
  if (input instanceof vscode.TabInputTextDiff || input instanceof vscode.TabInputNotebookDiff) return [input.original, input.modified];
  return [];
}

function oursOpen(): boolean {
  if (vscode.workspace.textDocuments.some((d) => SCHEMES.has(d.uri.scheme))) return true;
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => urisOf(t.input).some((u) => SCHEMES.has(u.scheme))));
}

export class PropertiesFileSystems implements vscode.Disposable {
  private registration?: vscode.Disposable;
  private readonly watch: vscode.Disposable;

  constructor(private readonly provider: vscode.FileSystemProvider) {
    if (oursOpen()) this.ensure();
    // A tab of ours restored after activation.
    this.watch = vscode.window.tabGroups.onDidChangeTabs((e) => {
      if (!this.registration && [...e.opened, ...e.changed].some((t) => urisOf(t.input).some((u) => SCHEMES.has(u.scheme)))) this.ensure();
    });
  }

  /** Registers both file systems, once; call before opening a document of theirs. */
  ensure(): void {
    this.registration ??= vscode.Disposable.from(
      vscode.workspace.registerFileSystemProvider(PROPERTIES_SCHEME, this.provider, { isCaseSensitive: true }),
      vscode.workspace.registerFileSystemProvider(PROPERTIES_READONLY_SCHEME, this.provider, { isCaseSensitive: true, isReadonly: true }),
    );
  }

  dispose(): void {
    this.watch.dispose();
    this.registration?.dispose();
  }
}

// VS Code does not hand documents over 50 MB to extensions, so such a file opens with no
// diagnostics and no word why. When the active tab shows one of our files that never reached us,
// say it is too large to check as you type and offer the batch check instead.
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { recognizePath } from '../formats/formats';
import { readSettings, relativePath } from '../toolshed/settings';

export class LargeFileNotice implements vscode.Disposable {
  private readonly told = new Set<string>();
  private readonly disposable: vscode.Disposable;

  constructor() {
    this.disposable = vscode.window.tabGroups.onDidChangeTabs(() => void this.check());
    void this.check();
  }

  private async check(): Promise<void> {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (!(input instanceof vscode.TabInputText) || input.uri.scheme !== 'file') return;
    const uri = input.uri;
    const key = uri.toString();
    if (this.told.has(key)) return;
    const settings = readSettings(uri);
    const ours = recognizePath(uri.path, relativePath(uri), settings.globs) !== undefined || /\.json$/i.test(uri.path);
    if (!ours) return;
    // Give VS Code a moment to hand the document over; a synced document is handled live.
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) return;
    let size: number;
    try {
      size = (await vscode.workspace.fs.stat(uri)).size;
    } catch {
      return;
    }
    if (size <= settings.maxLiveBytes) return;
    this.told.add(key);
    const name = vscode.workspace.asRelativePath(uri);
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Datum Studio: {0} ({1} MB) is too large to check as you type.', name, Math.round(size / 1048576)),
      vscode.l10n.t('Check This File'),
    );
    if (choice) await vscode.commands.executeCommand(Commands.validateWorkspace, [uri]);
  }

  dispose(): void {
    this.disposable.dispose();
  }
}

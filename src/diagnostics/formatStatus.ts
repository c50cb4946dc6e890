// The status bar says which format the active file was recognized as; clicking it (or the
// "Choose Format for This File" command) lets the user pick another, automatic, or none.
import * as vscode from 'vscode';
import { Commands, ViewIds } from '../constants';
import { FORMAT_IDS, FORMAT_LABELS, type FormatId } from '../formats/formats';
import type { DocumentFormats, FormatChoice } from '../workspace/documentFormats';
import { registerCommand } from '../toolshed/commands';

const byWords = (by: 'name' | 'glob' | 'content' | 'choice'): string =>
  ({ name: vscode.l10n.t('its file name'), glob: vscode.l10n.t('a datumStudio.files pattern'), content: vscode.l10n.t('its content'), choice: vscode.l10n.t('your choice') })[by];
const SHOWN_FOR = new Set(['json', 'jsonc', 'jsonl']);

export class FormatStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(ViewIds.formatStatus, vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly formats: DocumentFormats, log: vscode.LogOutputChannel) {
    this.item.name = vscode.l10n.t('Datum Studio Format');
    this.item.command = Commands.selectFormat;
    this.disposables = [
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      formats.onDidChangeRecognition(() => this.update()),
      formats.onDidChangeChoice(() => this.update()),
      vscode.workspace.onDidCloseTextDocument((doc) => formats.forget(doc.uri)),
      registerCommand(Commands.selectFormat, log, (uri?: vscode.Uri, choice?: FormatChoice | 'auto') => this.select(uri, choice)),
    ];
    this.update();
  }

  private update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc) {
      this.item.hide();
      return;
    }
    const current = this.formats.current(doc.uri);
    const choice = this.formats.choice(doc.uri);
    if (current) {
      this.item.text = `$(checklist) ${FORMAT_LABELS[current.format]}`;
      this.item.tooltip = vscode.l10n.t('Datum Studio checks this file as {0}, recognized by {1}. Click to choose another format.', FORMAT_LABELS[current.format], byWords(current.by));
    } else if (choice === 'none' || SHOWN_FOR.has(doc.languageId)) {
      this.item.text = `$(circle-slash) ${vscode.l10n.t('Datum: not checked')}`;
      this.item.tooltip = choice === 'none' ? vscode.l10n.t('You chose not to check this file. Click to choose a format.') : vscode.l10n.t('Datum Studio does not recognize this file. Click to choose a format to check it as.');
    } else {
      this.item.hide();
      return;
    }
    this.item.show();
  }

  /** Scriptable: `selectFormat(uri, 'annotations' | 'none' | 'auto')` skips the picker. */
  private async select(uri?: vscode.Uri, choice?: FormatChoice | 'auto'): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a file to choose how Datum Studio checks it.'));
      return;
    }
    let picked = choice;
    if (picked === undefined) {
      const current = this.formats.choice(target);
      type Item = vscode.QuickPickItem & { choice: FormatChoice | 'auto' };
      const items: Item[] = [
        { label: vscode.l10n.t('Automatic'), description: vscode.l10n.t('by file name, settings or content'), choice: 'auto' },
        ...FORMAT_IDS.map((id: FormatId): Item => ({ label: FORMAT_LABELS[id], description: id, choice: id })),
        { label: vscode.l10n.t('None'), description: vscode.l10n.t("don't check this file"), choice: 'none' },
      ];
      for (const item of items) if (item.choice === (current ?? 'auto')) item.picked = true;
      const result = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Check this file as'), placeHolder: vscode.l10n.t('Choose the format Datum Studio checks this file as') });
      if (!result) return;
      picked = result.choice;
    }
    if (picked !== 'auto' && picked !== 'none' && !FORMAT_IDS.includes(picked)) throw new Error(vscode.l10n.t('Unknown format "{0}".', String(picked)));
    await this.formats.setChoice(target, picked === 'auto' ? undefined : picked);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

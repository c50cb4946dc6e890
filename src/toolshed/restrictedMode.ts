// Restricted Mode (package.json `capabilities.untrustedWorkspaces`: limited). In a folder the user
// has not trusted, validation, the editor features and the overlay preview work as usual (settings
// listed in `restrictedConfigurations` then come from the user's settings only); the Valohai side
// (sign-in, the tree, push, adopt, download) starts only once the folder is trusted, so a freshly
// cloned repository cannot get its files pushed with the user's token or write downloads into itself.
// Until then each of its commands says why it is off and offers to manage trust.
import * as vscode from 'vscode';

/** What a Valohai command says until the folder is trusted (a function: vscode.l10n is read at call time). */
export const restrictedMessage = (): string => vscode.l10n.t('Datum Studio: the Valohai features are off in Restricted Mode. Trust this folder to sign in, browse, push or download.');
const manage = (): string => vscode.l10n.t('Manage Workspace Trust');

/**
 * Runs `start` now when the workspace is trusted, otherwise once trust is granted; until then
 * `commands` answer with restrictedMessage(). The returned disposable ends the waiting.
 */
export function whenTrusted(commands: readonly string[], start: () => void): vscode.Disposable {
  if (vscode.workspace.isTrusted) {
    start();
    return new vscode.Disposable(() => {});
  }
  const placeholders = commands.map((id) => vscode.commands.registerCommand(id, async () => {
    const choice = await vscode.window.showWarningMessage(restrictedMessage(), manage());
    if (choice === manage()) await vscode.commands.executeCommand('workbench.trust.manage');
  }));
  const granted = vscode.workspace.onDidGrantWorkspaceTrust(() => {
    for (const p of placeholders) p.dispose();
    granted.dispose();
    start();
  });
  return new vscode.Disposable(() => {
    for (const p of placeholders) p.dispose();
    granted.dispose();
  });
}

// Every question the remote features ask the user goes through this object. Modal dialogs cannot be
// answered from inside the extension host, so tests replace these methods (the extension's exported
// API hands the object out); commands also take `{confirm: true}` to skip the question.
import * as vscode from 'vscode';

export class Prompts {
  /** A modal question with a detail text; resolves to the chosen action or undefined (Cancel). */
  async choose<T extends string>(message: string, detail: string, actions: readonly T[]): Promise<T | undefined> {
    return vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
  }

  async confirm(message: string, detail: string, action: string): Promise<boolean> {
    return (await this.choose(message, detail, [action])) === action;
  }

  /** A quick pick among `items`; resolves to the chosen item's value or undefined (Escape). */
  async pick<T>(title: string, placeHolder: string, items: readonly (vscode.QuickPickItem & { value: T })[]): Promise<T | undefined> {
    return (await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true }))?.value;
  }

  /** Shown when the server refused the token; true when the user wants to sign in again. */
  async signInAgain(message: string): Promise<boolean> {
    const again = vscode.l10n.t('Sign In Again');
    return (await vscode.window.showWarningMessage(message, again)) === again;
  }
}

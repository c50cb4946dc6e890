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

  /** Shown when the server refused the token; true when the user wants to sign in again. */
  async signInAgain(message: string): Promise<boolean> {
    return (await vscode.window.showWarningMessage(message, 'Sign In Again')) === 'Sign In Again';
  }
}

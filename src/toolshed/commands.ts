import * as vscode from 'vscode';
import { messageOf } from './errors';

/** Registers a command whose failures are logged and shown, instead of vanishing into the console. */
export function registerCommand(id: string, log: vscode.LogOutputChannel, handler: (...args: never[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await (handler as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      const message = messageOf(error);
      log.error(`Command ${id} failed`, error);
      void vscode.window.showErrorMessage(vscode.l10n.t('Datum Studio: {0}', message), vscode.l10n.t('Show Log')).then((choice) => {
        if (choice) log.show();
      });
      return undefined;
    }
  });
}

import * as vscode from 'vscode';
import { registerValidation } from './editor/validationFeature';
import { registerPreview } from './preview/previewFeature';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Datum Studio', { log: true });
  context.subscriptions.push(log);
  try {
    context.subscriptions.push(registerValidation(context, log));
    context.subscriptions.push(registerPreview(context, log));
  } catch (error) {
    // VS Code does not tell the user when activation fails; say it, then let VS Code record it.
    log.error('Activation failed', error);
    void vscode.window.showErrorMessage(`Datum Studio failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

export function deactivate(): void {}

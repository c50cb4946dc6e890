import * as vscode from 'vscode';
import { registerEditorFeatures } from './editor/editorFeatures';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Datum Studio', { log: true });
  context.subscriptions.push(log);
  try {
    const editor = registerEditorFeatures(context, log);
    context.subscriptions.push(editor.disposable);
  } catch (error) {
    // VS Code does not tell the user when activation fails; say it, then let VS Code record it.
    log.error('Activation failed', error);
    void vscode.window.showErrorMessage(`Datum Studio failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

export function deactivate(): void {}

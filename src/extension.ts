import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Datum Studio', { log: true });
  context.subscriptions.push(log);
  log.info('Datum Studio activated');
}

export function deactivate(): void {}

import * as vscode from 'vscode';
import { registerEditorFeatures } from './diagnostics/register';
import { remoteValueSource } from './session/completionValues';
import { registerRemote, type RemoteApi } from './remoteFeatures';
import { registerPreview } from './preview/host/previewFeature';
import { messageOf } from './toolshed/errors';

export function activate(context: vscode.ExtensionContext): { remote: RemoteApi } {
  const log = vscode.window.createOutputChannel('Datum Studio', { log: true });
  context.subscriptions.push(log);
  try {
    const editor = registerEditorFeatures(context, log);
    context.subscriptions.push(editor.disposable, registerPreview(context, log));
    const remote = registerRemote(context, log);
    context.subscriptions.push(remote.disposable, editor.values.register(remoteValueSource(remote.api.values)));
    return { remote: remote.api };
  } catch (error) {
    // VS Code does not tell the user when activation fails; say it, then let VS Code record it.
    log.error('Activation failed', error);
    void vscode.window.showErrorMessage(`Datum Studio failed to start: ${messageOf(error)}`);
    throw error;
  }
}

export function deactivate(): void {}

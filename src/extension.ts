import * as vscode from 'vscode';
import { registerEditorFeatures } from './editor/editorFeatures';
import { remoteValueSource } from './remoteUi/completionValues';
import { registerRemote, type RemoteApi } from './remoteUi/feature';
import { registerPreview } from './preview/previewFeature';
import { RemoteCommands } from './constants';
import { whenTrusted } from './editor/restrictedMode';
import { registerWalkthrough } from './editor/walkthrough';

export function activate(context: vscode.ExtensionContext): { remote: RemoteApi } {
  const log = vscode.window.createOutputChannel('Datum Studio', { log: true });
  context.subscriptions.push(log);
  try {
    const editor = registerEditorFeatures(context, log);
    context.subscriptions.push(editor.disposable, registerPreview(context, log));
    context.subscriptions.push(registerWalkthrough(context, log));
    // The Valohai side waits for workspace trust (Restricted Mode: src/editor/restrictedMode.ts);
    // `remote` is filled in once it has started.
    const api = {} as { remote: RemoteApi };
    context.subscriptions.push(whenTrusted(Object.values(RemoteCommands), () => {
      const remote = registerRemote(context, log);
      context.subscriptions.push(remote.disposable, editor.values.register(remoteValueSource(remote.api.values)));
      api.remote = remote.api;
    }));
    return api;
  } catch (error) {
    // VS Code does not tell the user when activation fails; say it, then let VS Code record it.
    log.error('Activation failed', error);
    void vscode.window.showErrorMessage(`Datum Studio failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

export function deactivate(): void {}

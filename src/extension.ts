// Activation: the services are built once and each feature registers itself with them.
import * as vscode from 'vscode';
import { registerDiagnostics } from './diagnostics/register';
import { registerPreview } from './preview/host/previewFeature';
import { registerProviders } from './providers';
import { registerRemote, type RemoteApi } from './remoteFeatures';
import { createServices } from './services';
import { messageOf } from './toolshed/errors';

export function activate(context: vscode.ExtensionContext): { remote: RemoteApi } {
  const log = vscode.window.createOutputChannel('Datum Studio', { log: true });
  context.subscriptions.push(log);
  try {
    const services = createServices(context, log);
    context.subscriptions.push(registerDiagnostics(services), registerProviders(services), registerPreview(services));
    const remote = registerRemote(services);
    context.subscriptions.push(remote.disposable);
    return { remote: remote.api };
  } catch (error) {
    // VS Code does not tell the user when activation fails; say it, then let VS Code record it.
    log.error('Activation failed', error);
    void vscode.window.showErrorMessage(`Datum Studio failed to start: ${messageOf(error)}`);
    throw error;
  }
}

export function deactivate(): void {}

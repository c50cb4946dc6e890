// Activation: the services are built once and each feature registers itself with them.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { RemoteCommands } from './constants';
import { registerConvert, type ConvertPrompts } from './convertFeature';
import { registerDiagnostics } from './diagnostics/register';
import type { Publication } from './diagnostics/liveDiagnostics';
import { registerPreview } from './preview/host/previewFeature';
import { registerProviders } from './providers';
import { registerRemote, type RemoteApi } from './remoteFeatures';
import { createServices } from './services';
import type { DocumentTexts } from './workspace/documentTexts';
import { registerStatistics } from './statistics/statsView';
import { messageOf } from './toolshed/errors';
import { whenTrusted } from './toolshed/restrictedMode';
import { registerWalkthrough } from './walkthrough/walkthrough';

/**
 * The pure core's translations: the bundle VS Code loaded for the display language, and the hand-over
 * to @vscode/l10n (exported for the host tests, which hand it a pseudo-translation).
 */
export interface CoreMessages {
  bundle: { [key: string]: string } | undefined;
  configure(bundle: { [key: string]: string } | undefined): void;
}

const coreMessages: CoreMessages = {
  bundle: undefined,
  configure: (bundle) => l10n.config({ contents: bundle ?? {} }),
};

export function activate(context: vscode.ExtensionContext): { remote: RemoteApi; messages: CoreMessages; convert: { prompts: ConvertPrompts }; diagnostics: { onDidPublish: vscode.Event<Publication>; texts: DocumentTexts } } {
  const log = vscode.window.createOutputChannel('Datum Studio', { log: true });
  context.subscriptions.push(log);
  // The pure core (validation, remote, CLI) says its messages through @vscode/l10n, which has no
  // VS Code of its own: hand it the bundle VS Code loaded for the display language.
  coreMessages.bundle = vscode.l10n.bundle;
  coreMessages.configure(vscode.l10n.bundle);
  try {
    const services = createServices(context, log);
    const diagnostics = registerDiagnostics(services);
    context.subscriptions.push(diagnostics, registerProviders(services), registerPreview(services), registerWalkthrough(services), registerStatistics(services));
    // The Valohai side waits for workspace trust (Restricted Mode: src/toolshed/restrictedMode.ts);
    // `remote` is filled in once it has started.
    const convert = registerConvert(services);
    context.subscriptions.push(convert.disposable);
    const api = { messages: coreMessages, convert: { prompts: convert.prompts }, diagnostics: { onDidPublish: diagnostics.onDidPublish, texts: services.analyses.texts } } as { remote: RemoteApi; messages: CoreMessages; convert: { prompts: ConvertPrompts }; diagnostics: { onDidPublish: vscode.Event<Publication>; texts: DocumentTexts } };
    context.subscriptions.push(whenTrusted(Object.values(RemoteCommands), () => {
      const remote = registerRemote(services);
      context.subscriptions.push(remote.disposable);
      api.remote = remote.api;
    }));
    return api;
  } catch (error) {
    // VS Code does not tell the user when activation fails; say it, then let VS Code record it.
    log.error('Activation failed', error);
    void vscode.window.showErrorMessage(vscode.l10n.t('Datum Studio failed to start: {0}', messageOf(error)));
    throw error;
  }
}

export function deactivate(): void {}

// Editor diagnostics: live problems as you type, the format status bar, Validate Workspace and the
// large-file notice, on the shared services (one validator, one parse per document version).
import * as vscode from 'vscode';
import { ContextKeys } from '../constants';
import type { Services } from '../services';
import { FormatStatus } from './formatStatus';
import { LargeFileNotice } from './largeFiles';
import { LiveDiagnostics, type Publication } from './liveDiagnostics';
import { registerWorkspaceValidation } from './workspaceValidation';

/** `onDidPublish` (for the host tests): each set of live diagnostics, with the version it is of. */
export function registerDiagnostics(services: Services): vscode.Disposable & { onDidPublish: vscode.Event<Publication> } {
  const { validator, formats, analyses, files, facts, log, passes } = services;
  const collection = vscode.languages.createDiagnosticCollection('datum-studio');
  const live = new LiveDiagnostics(collection, validator, analyses, formats, files.access, log, passes);
  // The explorer offers "Preview Overlays" on images that an annotation file names. The workspace
  // scan behind it waits a little, so activation itself stays light.
  const publishReferencedImages = async (): Promise<void> => {
    await vscode.commands.executeCommand('setContext', ContextKeys.referencedImages, await facts.referencedImageNames());
  };
  const scanTimer = setTimeout(() => void publishReferencedImages().catch((e) => log.warn(`Workspace scan failed: ${String(e)}`)), 2000);
  const disposable = vscode.Disposable.from(
    collection,
    facts.onDidChange(() => void publishReferencedImages()),
    { dispose: () => clearTimeout(scanTimer) },
    live,
    files.onDidChangeImages(() => live.revalidateAll()),
    new FormatStatus(formats, log),
    new LargeFileNotice(),
    registerWorkspaceValidation(validator, collection, formats, live, files, log),
  );
  return Object.assign(disposable, { onDidPublish: live.onDidPublish });
}

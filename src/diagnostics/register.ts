// Wires the core into the editor: live diagnostics, the format status bar, Validate Workspace and
// the language features, sharing one validator, one parse per document version and one file cache.
import * as vscode from 'vscode';
import { ContextKeys } from '../constants';
import { ValueRegistry } from '../language/values';
import { Validator } from '../validation/analyze';
import { findSchemaDir } from '../validation/schemaValidator';
import { LiveDiagnostics } from './liveDiagnostics';
import { DocumentFormats } from '../workspace/documentFormats';
import { DocumentIndexCache } from '../workspace/analysisCache';
import { FormatStatus } from './formatStatus';
import { LargeFileNotice } from './largeFiles';
import { registerWorkspaceValidation } from './workspaceValidation';
import { registerLanguageFeatures } from '../providers';
import { WorkspaceFacts } from '../workspace/workspaceFacts';
import { WorkspaceFiles } from '../workspace/workspaceFiles';

export interface EditorFeatures {
  disposable: vscode.Disposable;
  /** where other features (the remote API) add values for completion and hover */
  values: ValueRegistry;
}

export function registerEditorFeatures(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): EditorFeatures {
  const validator = new Validator(findSchemaDir(context.extensionPath + '/dist'));
  const collection = vscode.languages.createDiagnosticCollection('datum-studio');
  const formats = new DocumentFormats(context.workspaceState);
  const files = new WorkspaceFiles();
  const cache = new DocumentIndexCache(validator, formats);
  const live = new LiveDiagnostics(collection, validator, cache, formats, files.access, log);
  const values = new ValueRegistry();
  const facts = new WorkspaceFacts();
  // The explorer offers "Preview Overlays" on images that an annotation file names. The workspace
  // scan behind it waits a little, so activation itself stays light.
  const publishReferencedImages = async (): Promise<void> => {
    await vscode.commands.executeCommand('setContext', ContextKeys.referencedImages, await facts.referencedImageNames());
  };
  const scanTimer = setTimeout(() => void publishReferencedImages().catch((e) => log.warn(`Workspace scan failed: ${String(e)}`)), 2000);
  const disposable = vscode.Disposable.from(
    collection,
    facts,
    facts.onDidChange(() => void publishReferencedImages()),
    { dispose: () => clearTimeout(scanTimer) },
    registerLanguageFeatures({ cache, validator, values, facts, files, log }),
    formats,
    cache,
    files,
    live,
    files.onDidChangeImages(() => live.revalidateAll()),
    new FormatStatus(formats, log),
    new LargeFileNotice(),
    registerWorkspaceValidation(validator, collection, formats, live, files, log),
  );
  return { disposable, values };
}

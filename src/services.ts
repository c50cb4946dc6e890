// The services every feature is handed, built once at activation (in the spirit of rust-analyzer's
// `Ctx`): the log, one Validator, the document analysis cache (one parse per document version, read
// by the diagnostics, the language providers, the preview and push), the workspace's files and facts
// (one scan), the kinds of open documents, and the registry other features add values to.
import * as path from 'path';
import * as vscode from 'vscode';
import { FullPassClient } from './validation/fullPassClient';
import { ValueRegistry } from './language/values';
import { Validator } from './validation/analyze';
import { findSchemaDir } from './validation/schemaValidator';
import { AnalysisCache } from './workspace/analysisCache';
import { DocumentFormats } from './workspace/documentFormats';
import { WorkspaceFacts } from './workspace/workspaceFacts';
import { WorkspaceFiles } from './workspace/workspaceFiles';

export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  validator: Validator;
  /** which format each document is (chosen, by name or by content) */
  formats: DocumentFormats;
  /** one analysis per document version */
  analyses: AnalysisCache;
  /** local file access, image lookup by name */
  files: WorkspaceFiles;
  /** labels, image names, tags and URIs the workspace's files hold */
  facts: WorkspaceFacts;
  /** where other features (the remote API) add values for completion and hover */
  values: ValueRegistry;
  /** big files' full passes, in a worker thread (the live diagnostics) */
  passes: FullPassClient;
}

export function createServices(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Services {
  const schemaDir = findSchemaDir(context.extensionPath + '/dist');
  const validator = new Validator(schemaDir);
  const formats = new DocumentFormats(context.workspaceState);
  // The worker's script is dist/fullPassWorker.js, beside dist/extension.js (its own esbuild entry).
  const passes = new FullPassClient({ script: path.join(context.extensionPath, 'dist', 'fullPassWorker.js'), schemaDir, bundle: () => vscode.l10n.bundle });
  const analyses = new AnalysisCache(validator, formats, true);
  const files = new WorkspaceFiles();
  const facts = new WorkspaceFacts();
  context.subscriptions.push(formats, analyses, files, facts, passes);
  return { context, log, validator, formats, analyses, files, facts, values: new ValueRegistry(), passes };
}

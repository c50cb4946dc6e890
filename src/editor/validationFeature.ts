// Wires the validation core into the editor: live diagnostics, the format status bar, and the
// Validate Workspace command, sharing one validator, one diagnostic collection and one file cache.
import * as vscode from 'vscode';
import { Validator } from '../validation/analyze';
import { findSchemaDir } from '../validation/schemaValidator';
import { LiveDiagnostics } from './diagnostics';
import { DocumentFormats } from './documentFormats';
import { FormatStatus } from './formatStatus';
import { LargeFileNotice } from './largeFiles';
import { registerWorkspaceValidation } from './workspaceValidation';
import { WorkspaceFiles } from './workspaceFiles';

export function registerValidation(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
  const validator = new Validator(findSchemaDir(context.extensionPath + '/dist'));
  const collection = vscode.languages.createDiagnosticCollection('datum-studio');
  const formats = new DocumentFormats(context.workspaceState);
  const files = new WorkspaceFiles();
  const live = new LiveDiagnostics(collection, validator, formats, files.access, log);
  return vscode.Disposable.from(
    collection,
    formats,
    files,
    live,
    files.onDidChangeImages(() => live.revalidateAll()),
    new FormatStatus(formats, log),
    new LargeFileNotice(),
    registerWorkspaceValidation(validator, collection, formats, live, files, log),
  );
}

// "Datum Studio: Validate Workspace": every recognized file into the Problems panel, with progress
// and cancellation. Open documents are checked from their unsaved text, others from disk.
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { mightBeRecognizedByContent, recognizePath } from '../formats/formats';
import { MAX_BATCH_FILE_BYTES, type Validator } from '../validation/analyze';
import { positionsOf, toDiagnostics } from '../toolshed/convert';
import { tooLarge, workspaceRoots, type LiveDiagnostics } from './liveDiagnostics';
import { isYoloLabelFile, YOLO_FIND_GLOBS, yoloGlobs, yoloProblems } from './yoloDiagnostics';
import { dataYamlProblems, isYamlFile, YAML_FIND_GLOBS } from './yoloConfigDiagnostics';
import type { DocumentFormats } from '../workspace/documentFormats';
import { registerCommand } from '../toolshed/commands';
import { cocoGroundTruth, imageRoots, readSettings, relativePath, withSeverityOverrides } from '../toolshed/settings';
import type { WorkspaceFiles } from '../workspace/workspaceFiles';
import { messageOf } from '../toolshed/errors';

export interface WorkspaceSummary {
  files: number;
  checked: number;
  errors: number;
  warnings: number;
  cancelled: boolean;
}

const EXCLUDE = '**/{node_modules,.git,.vscode-test}/**';

async function candidates(): Promise<vscode.Uri[]> {
  const globs = new Set(['**/*.metadata.json', '**/valohai.metadata.jsonl', '**/*.json']);
  const settings = readSettings();
  for (const list of [...Object.values(settings.globs), YOLO_FIND_GLOBS, YAML_FIND_GLOBS, yoloGlobs()]) for (const g of list ?? []) globs.add(g.includes('/') ? g : `**/${g}`);
  const found = new Map<string, vscode.Uri>();
  for (const glob of globs) {
    for (const uri of await vscode.workspace.findFiles(glob, EXCLUDE)) found.set(uri.toString(), uri);
  }
  return [...found.values()].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

export function registerWorkspaceValidation(
  validator: Validator,
  collection: vscode.DiagnosticCollection,
  formats: DocumentFormats,
  live: LiveDiagnostics,
  files: WorkspaceFiles,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  /** True when the file is one of ours (and its diagnostics are now set). */
  const checkFile = async (uri: vscode.Uri): Promise<boolean> => {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return live.validate(open, true);
    if (/\.txt$/i.test(uri.path)) {
      if (!(await isYoloLabelFile(uri))) return false;
      const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
      collection.set(uri, toDiagnostics(withSeverityOverrides(await yoloProblems(uri, text), uri), positionsOf(text), uri));
      return true;
    }
    if (isYamlFile(uri)) {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_BATCH_FILE_BYTES) return false;
      const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
      const problems = await dataYamlProblems(uri, text);
      if (!problems) return false;
      collection.set(uri, toDiagnostics(withSeverityOverrides(problems, uri), positionsOf(text), uri));
      return true;
    }
    const choice = formats.choice(uri);
    if (choice === 'none') return false;
    const format = choice ?? recognizePath(uri.path, relativePath(uri), readSettings(uri).globs)?.format ?? 'auto';
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_BATCH_FILE_BYTES) {
      collection.set(uri, toDiagnostics(withSeverityOverrides([tooLarge(stat.size, MAX_BATCH_FILE_BYTES)], uri), () => new vscode.Position(0, 0), uri));
      return true;
    }
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    if (format === 'auto' && !mightBeRecognizedByContent(text)) return false;
    const references = uri.scheme === 'file' ? { filePath: uri.fsPath, files: files.access, imageRoots: imageRoots(uri), workspaceRoots: workspaceRoots(), cocoGroundTruth: cocoGroundTruth(uri) } : undefined;
    const analysis = await validator.validate(text, format, references);
    if (!analysis.format) return false;
    collection.set(uri, toDiagnostics(withSeverityOverrides(analysis.problems, uri), positionsOf(text), uri));
    return true;
  };

  /** Scriptable: `validateWorkspace([uri, ...])` checks just those files. */
  const run = async (only?: vscode.Uri[]): Promise<WorkspaceSummary> => {
    const listed = Array.isArray(only) ? only.filter((u) => u instanceof vscode.Uri) : undefined;
    if (!listed?.length && !vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Datum Studio: open a folder to validate its files.'));
      return { files: 0, checked: 0, errors: 0, warnings: 0, cancelled: false };
    }
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: listed?.length ? vscode.l10n.t('Datum Studio: validating') : vscode.l10n.t('Datum Studio: validating workspace'), cancellable: true },
      async (progress, token) => {
        const uris = listed?.length ? listed : await candidates();
        const result: WorkspaceSummary = { files: uris.length, checked: 0, errors: 0, warnings: 0, cancelled: false };
        for (const [i, uri] of uris.entries()) {
          if (token.isCancellationRequested) {
            result.cancelled = true;
            break;
          }
          progress.report({ message: `${i + 1}/${uris.length} ${vscode.workspace.asRelativePath(uri)}`, increment: 100 / uris.length });
          try {
            if (!(await checkFile(uri))) continue;
            result.checked++;
            for (const d of collection.get(uri) ?? []) {
              if (d.severity === vscode.DiagnosticSeverity.Error) result.errors++;
              else if (d.severity === vscode.DiagnosticSeverity.Warning) result.warnings++;
            }
          } catch (error) {
            log.warn(`Could not check ${uri.fsPath}: ${messageOf(error)}`);
          }
        }
        return result;
      },
    );
    const errors = summary.errors === 1 ? vscode.l10n.t('1 error') : vscode.l10n.t('{0} errors', summary.errors);
    const warnings = summary.warnings === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', summary.warnings);
    const files = summary.checked === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', summary.checked);
    const counts = vscode.l10n.t('{0} and {1} in {2}', errors, warnings, files);
    const text = summary.cancelled ? vscode.l10n.t('Datum Studio: validation stopped; so far {0}.', counts) : vscode.l10n.t('Datum Studio: found {0}.', counts);
    log.info(text);
    void vscode.window.showInformationMessage(text, vscode.l10n.t('Show Problems')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return summary;
  };

  return registerCommand(Commands.validateWorkspace, log, run);
}

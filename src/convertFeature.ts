// "Datum Studio: Convert Annotations…": the editor's face of src/convert (the same code as
// `datum-studio convert`). On a MetaLake or COCO file, a data.yaml or a YOLO labels folder (the
// Explorer's context menu, or the active editor's file): a quick pick of the target format, a save
// dialog (JSON) or a folder picker (YOLO), a confirmation before anything existing is replaced, the
// work under a cancellable progress notification, then the result opened and the report of what
// could not be carried over shown. The questions go through ConvertPrompts, which the host tests
// answer (the extension's exported `convert.prompts`).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from './constants';
import { ConvertError, describeLosses, type ConvertFormat } from './convert/convert';
import { ConversionCancelled, detectInputFormat, outputExists, runConversion, suggestOutput, type ConvertSummary } from './convert/disk';
import type { Services } from './services';
import { registerCommand } from './toolshed/commands';
import { messageOf } from './toolshed/errors';
import { withProgressSignal } from './toolshed/progress';
import { Prompts } from './toolshed/prompts';
import { imageRoots } from './toolshed/settings';

const NAMES: Record<ConvertFormat, string> = { metalake: 'MetaLake', coco: 'COCO', yolo: 'YOLO' };

/** The conversion's questions: the shared ones plus the file dialogs, replaceable in tests. */
export class ConvertPrompts extends Prompts {
  async saveFile(title: string, defaultUri: vscode.Uri): Promise<vscode.Uri | undefined> {
    return vscode.window.showSaveDialog({ title, defaultUri, filters: { JSON: ['json'] } });
  }

  async pickFolder(title: string, defaultUri: vscode.Uri): Promise<vscode.Uri | undefined> {
    return (await vscode.window.showOpenDialog({ title, defaultUri, canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: vscode.l10n.t('Write YOLO Here') }))?.[0];
  }

  /** Shown after a conversion; resolves to the chosen action. */
  async done(message: string, actions: readonly string[]): Promise<string | undefined> {
    return vscode.window.showInformationMessage(message, ...actions);
  }
}

/** What the command returns (the host tests read it): the summary, or why nothing was written. */
export type ConvertOutcome = { converted: ConvertSummary; report: string } | { stopped: string };

function describeFormat(f: ConvertFormat): string {
  return f === 'metalake' ? vscode.l10n.t('MetaLake upload JSON ({"images": [{"image", "annotations"}]})') : f === 'coco' ? vscode.l10n.t('COCO instances JSON (images, annotations, categories)') : vscode.l10n.t('YOLO label files (labels/<split>/*.txt) and a data.yaml');
}

function reportText(summary: ConvertSummary, from: ConvertFormat, to: ConvertFormat, input: string): string {
  const lines = [
    vscode.l10n.t('Converted {0} ({1}) to {2} ({3}): {4} image(s), {5} annotation(s) read.', input, NAMES[from], summary.output, NAMES[to], summary.images, summary.annotations),
    '',
  ];
  if (summary.losses.length === 0) lines.push(vscode.l10n.t('Everything was carried over.'));
  else {
    lines.push(vscode.l10n.t('Not carried over:'));
    for (const l of describeLosses(summary.losses)) lines.push(`- ${l}`);
  }
  if (summary.sizeUnknown.length > 0) {
    lines.push('', vscode.l10n.t('Images whose size is unknown ({0}): put them beside the input or add their folder to datumStudio.annotations.imageRoots.', summary.sizeUnknown.length));
    for (const f of summary.sizeUnknown.slice(0, 200)) lines.push(`  ${f}`);
    if (summary.sizeUnknown.length > 200) lines.push(vscode.l10n.t('  … and {0} more', summary.sizeUnknown.length - 200));
  }
  if (summary.notes.length > 0) lines.push('', ...summary.notes);
  return lines.join('\n') + '\n';
}

export function registerConvert(services: Services): { disposable: vscode.Disposable; prompts: ConvertPrompts } {
  const { log } = services;
  const prompts = new ConvertPrompts();

  const run = async (clicked?: vscode.Uri): Promise<ConvertOutcome> => {
    let uri = clicked instanceof vscode.Uri ? clicked : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file') {
      const picked = await vscode.window.showOpenDialog({ title: vscode.l10n.t('Convert Annotations: choose a MetaLake or COCO file, a data.yaml or a YOLO labels folder'), canSelectFiles: true, canSelectFolders: true, canSelectMany: false });
      if (!picked?.[0]) return { stopped: 'no input' };
      uri = picked[0];
    }
    const input = uri.fsPath;
    const from = detectInputFormat(input);
    if (!from) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not a MetaLake or COCO annotation file, a YOLO data.yaml or a folder of YOLO labels.', path.basename(input)));
      return { stopped: 'not an input' };
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri!.toString());
    const to = await prompts.pick(
      vscode.l10n.t('Convert {0} ({1}) to…', path.basename(input), NAMES[from]),
      vscode.l10n.t('The format to write'),
      (['coco', 'yolo', 'metalake'] as const).filter((f) => f !== from).map((f) => ({ label: NAMES[f], detail: describeFormat(f), value: f })),
    );
    if (!to) return { stopped: 'no format' };
    const suggested = vscode.Uri.file(suggestOutput(input, to));
    const target = to === 'yolo' ? await prompts.pickFolder(vscode.l10n.t('Folder to write the YOLO labels and data.yaml in'), vscode.Uri.file(path.dirname(suggested.fsPath))) : await prompts.saveFile(vscode.l10n.t('Save the {0} file as', NAMES[to]), suggested);
    if (!target) return { stopped: 'no output' };
    const output = target.fsPath;
    let force = false;
    if (outputExists(output, to)) {
      const what = to === 'yolo' ? vscode.l10n.t('The folder {0} is not empty.', path.basename(output)) : vscode.l10n.t('{0} exists already.', path.basename(output));
      const detail = to === 'yolo' ? vscode.l10n.t('Label files and data.yaml of the same names are replaced; nothing else in the folder is touched.') : vscode.l10n.t('It is replaced by the converted annotations.');
      if (!(await prompts.confirm(what, detail, vscode.l10n.t('Replace')))) return { stopped: 'not confirmed' };
      force = true;
    }
    let summary: ConvertSummary;
    try {
      summary = await withProgressSignal(vscode.l10n.t('Converting {0} to {1}', path.basename(input), NAMES[to]), (signal, report) =>
        runConversion({ from, to, input, output, force, imageRoots: imageRoots(uri!) }, { signal, report: (message) => report({ message }) }),
      );
    } catch (error) {
      if (error instanceof ConversionCancelled) return { stopped: 'cancelled' };
      if (error instanceof ConvertError) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Datum Studio: {0}', error.message));
        return { stopped: messageOf(error) };
      }
      throw error;
    }
    const report = reportText(summary, from, to, input) + (open?.isDirty ? '\n' + vscode.l10n.t('{0} had unsaved changes: the saved file was converted.', path.basename(input)) + '\n' : '');
    log.info(report);
    // The result opened: the file, or the YOLO data.yaml.
    const result = to === 'yolo' ? path.join(output, 'data.yaml') : output;
    if (fs.existsSync(result)) await vscode.window.showTextDocument(vscode.Uri.file(result), { preview: false });
    const showReport = vscode.l10n.t('Show Report');
    const message =
      summary.losses.length === 0
        ? vscode.l10n.t('Converted to {0}: {1} image(s), everything carried over.', NAMES[to], summary.images)
        : vscode.l10n.t('Converted to {0}: {1} image(s); {2} kind(s) of data could not be carried over.', NAMES[to], summary.images, summary.losses.length);
    void prompts.done(message, [showReport]).then(async (choice) => {
      if (choice === showReport) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: report, language: 'markdown' }), { preview: true, viewColumn: vscode.ViewColumn.Beside });
    });
    return { converted: summary, report };
  };

  return { disposable: registerCommand(Commands.convertAnnotations, log, run as (...args: never[]) => unknown), prompts };
}

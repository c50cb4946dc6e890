// Applies a shape edit from the YOLO preview to an image's label file: the file is opened as a
// document when it is not (openTextDocument: no editor, nothing saved), and the writer's
// replacements go in as one WorkspaceEdit on it. A YOLO preview draws label files read from disk as
// well as open ones, so an edit names the text its shapes came from: it is made only while the
// document still has that text (the same text has the same line ranges), else refused.
import * as vscode from 'vscode';
import { decimalsOf } from '../../annotations/edits';
import type { EditContext, EditResult } from '../../annotations/editOps';
import { yoloObjects } from '../model/yoloLabels';
import { pixelDecimals } from './shapeEdits';

export interface YoloEditRequest {
  /** the label file */
  labelPath: string;
  /** the text the page's shapes were read from (undefined: the page's version is no longer known) */
  drawn: string | undefined;
  /** the object's index (its line among the file's objects), or undefined for a new one */
  annotation?: number;
  imageW: number;
  imageH: number;
  names?: ReadonlyMap<number, string>;
  kptShape?: readonly [number, number];
}

export type YoloEditOutcome = { applied: true; document: vscode.TextDocument } | { applied: false; message: string; document?: vscode.TextDocument };

const staleMessage = (uri: vscode.Uri): string => vscode.l10n.t('{0} changed since the preview drew its shapes, so the shape was not changed (nothing was written). Try again on the shape as it is drawn now.', vscode.workspace.asRelativePath(uri, false));

export async function applyYoloEdit(request: YoloEditRequest, write: (context: EditContext) => EditResult): Promise<YoloEditOutcome> {
  const uri = vscode.Uri.file(request.labelPath);
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch (e) {
    return { applied: false, message: vscode.l10n.t('{0} could not be opened for the edit: {1}', vscode.workspace.asRelativePath(uri, false), e instanceof Error ? e.message : String(e)) };
  }
  const text = document.getText();
  if (request.drawn === undefined || text !== request.drawn) return { applied: false, document, message: staleMessage(uri) };
  let annotation: { start: number; end: number } | undefined;
  if (request.annotation !== undefined) {
    annotation = yoloObjects(text, request.names, request.kptShape).lines[request.annotation];
    if (!annotation) return { applied: false, document, message: staleMessage(uri) };
  }
  const decimals = Math.max(decimalsOf(text), pixelDecimals(Math.max(request.imageW, request.imageH)));
  const result = write({ text, entry: { start: 0, end: text.length }, annotation, normalized: true, imageW: request.imageW, imageH: request.imageH, decimals, yolo: { names: request.names, kptShape: request.kptShape } });
  if (!result.ok) return { applied: false, document, message: vscode.l10n.t('The change could not be written back: {0}', result.problem) };
  if (result.replacements.length === 0) return { applied: true, document };
  const edit = new vscode.WorkspaceEdit();
  for (const r of result.replacements) edit.replace(uri, new vscode.Range(document.positionAt(r.start), document.positionAt(r.end)), r.text);
  // Checked again just before: nothing can change the text within this synchronous stretch.
  if (document.getText() !== text) return { applied: false, document, message: staleMessage(uri) };
  const applied = await vscode.workspace.applyEdit(edit);
  return applied ? { applied: true, document } : { applied: false, document, message: vscode.l10n.t('VS Code did not apply the edit to {0} (is it read-only?).', vscode.workspace.asRelativePath(uri, false)) };
}

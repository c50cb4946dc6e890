// Applies a shape edit from the YOLO preview to an image's label file: the file is opened as a
// document when it is not (openTextDocument: no editor, nothing saved), and the writer's
// replacements go in as one WorkspaceEdit on it. A YOLO preview draws label files read from disk as
// well as open ones, so an edit names the text its shapes came from: it is made only while the
// document still has that text (the same text has the same line ranges), else refused.
import * as vscode from 'vscode';
import type { EditContext, EditResult } from '../../annotations/editOps';
import { yoloObjects } from '../model/yoloLabels';
import { changeRefused, normalizedDecimals, staleMessage, writeBack, type EditOutcome } from './shapeEdits';

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

export async function applyYoloEdit(request: YoloEditRequest, write: (context: EditContext) => EditResult): Promise<EditOutcome> {
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
  const decimals = normalizedDecimals(text, request.imageW, request.imageH);
  const result = write({ text, entry: { start: 0, end: text.length }, annotation, normalized: true, imageW: request.imageW, imageH: request.imageH, decimals, yolo: { names: request.names, kptShape: request.kptShape } });
  return writeBack(document, result, () => document.getText() === text, staleMessage(uri), changeRefused);
}

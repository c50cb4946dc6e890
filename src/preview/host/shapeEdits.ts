// Applies a box changed in the preview to the annotation file's text: one WorkspaceEdit (one undo
// step in the editor) made of the replacements src/annotations/edits.ts computes, and only on the
// document version the preview's shapes were read from. Nothing is saved.
import * as vscode from 'vscode';
import { boxEdit, decimalsOf } from '../../annotations/edits';

export interface BoxEditRequest {
  /** the document version the page's shapes came from */
  version: number;
  /** [start, end) of the annotation object in that version's text */
  range: { start: number; end: number };
  /** the new box in image pixels, and the image's size (to write a normalized file's fractions) */
  bbox: readonly [number, number, number, number];
  imageW: number;
  imageH: number;
  normalized: boolean;
}

export type BoxEditOutcome = { applied: true; document: vscode.TextDocument } | { applied: false; message: string; document?: vscode.TextDocument };

/** Decimals a normalized value needs so one pixel of an image `side` pixels wide still shows. */
const pixelDecimals = (side: number): number => Math.min(12, Math.max(1, Math.ceil(Math.log10(Math.max(2, side))) + 1));

export async function applyBoxEdit(uri: vscode.Uri, request: BoxEditRequest): Promise<BoxEditOutcome> {
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.version !== request.version) {
    return { applied: false, document, message: vscode.l10n.t('{0} changed since the preview drew its shapes, so the box was not changed (nothing was written). Try again on the box as it is drawn now.', vscode.workspace.asRelativePath(uri, false)) };
  }
  const text = document.getText();
  const [x, y, w, h] = request.bbox;
  const box: [number, number, number, number] = request.normalized ? [x / request.imageW, y / request.imageH, w / request.imageW, h / request.imageH] : [x, y, w, h];
  const decimals = request.normalized ? Math.max(decimalsOf(text), pixelDecimals(Math.max(request.imageW, request.imageH))) : undefined;
  const result = boxEdit(text, request.range, box, { normalized: request.normalized, decimals });
  if (!result.ok) return { applied: false, document, message: vscode.l10n.t('The box could not be written back: {0}', result.problem) };
  if (result.replacements.length === 0) return { applied: true, document };
  const edit = new vscode.WorkspaceEdit();
  for (const r of result.replacements) edit.replace(uri, new vscode.Range(document.positionAt(r.start), document.positionAt(r.end)), r.text);
  // Checked again just before: the version cannot have moved on within this synchronous stretch.
  if (document.version !== request.version) return { applied: false, document, message: vscode.l10n.t('{0} changed since the preview drew its shapes, so the box was not changed (nothing was written). Try again on the box as it is drawn now.', vscode.workspace.asRelativePath(uri, false)) };
  const applied = await vscode.workspace.applyEdit(edit);
  return applied ? { applied: true, document } : { applied: false, document, message: vscode.l10n.t('VS Code did not apply the edit to {0} (is it read-only?).', vscode.workspace.asRelativePath(uri, false)) };
}

// Applies a shape changed in the preview to the annotation file's text: one WorkspaceEdit (one undo
// step in the editor) made of the replacements a writer computes (src/annotations/edits.ts for a
// box, editOps.ts's tables for the other edits), and only on the document version the preview's
// shapes were read from. Nothing is saved.
import * as vscode from 'vscode';
import { boxEdit, decimalsOf, type BoxEditOptions, type BoxEditResult } from '../../annotations/edits';
import type { EditContext, EditResult, EditWriters } from '../../annotations/editOps';
import type { ShapeEdit } from '../page/editProtocol';

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

export type EditOutcome = { applied: true; document: vscode.TextDocument } | { applied: false; message: string; document?: vscode.TextDocument };

/** Decimals a normalized value needs so one pixel of an image `side` pixels wide still shows. */
export const pixelDecimals = (side: number): number => Math.min(12, Math.max(1, Math.ceil(Math.log10(Math.max(2, side))) + 1));

/** Decimals a normalized file's values are written with: the file's own, and enough for one pixel of the image. */
export const normalizedDecimals = (text: string, imageW: number, imageH: number): number => Math.max(decimalsOf(text), pixelDecimals(Math.max(imageW, imageH)));

/**
 * The writer's result made into one WorkspaceEdit on `document` (one undo step), unless `unchanged`
 * says the text moved on meanwhile (then `stale` is the message) or the writer refused (`refused`
 * names the problem). Shared by the box, shape and YOLO edits.
 */
export async function writeBack(document: vscode.TextDocument, result: EditResult, unchanged: () => boolean, stale: string, refused: (problem: string) => string): Promise<EditOutcome> {
  const uri = document.uri;
  if (!result.ok) return { applied: false, document, message: refused(result.problem) };
  if (result.replacements.length === 0) return { applied: true, document };
  const edit = new vscode.WorkspaceEdit();
  for (const r of result.replacements) edit.replace(uri, new vscode.Range(document.positionAt(r.start), document.positionAt(r.end)), r.text);
  // Checked again just before: nothing can change the text within this synchronous stretch.
  if (!unchanged()) return { applied: false, document, message: stale };
  const applied = await vscode.workspace.applyEdit(edit);
  return applied ? { applied: true, document } : { applied: false, document, message: vscode.l10n.t('VS Code did not apply the edit to {0} (is it read-only?).', vscode.workspace.asRelativePath(uri, false)) };
}

/** What writes a box into the text: edits.ts's boxEdit, or a format's own (COCO keeps its area). */
export type BoxWriter = (text: string, range: { start: number; end: number }, box: readonly [number, number, number, number], options: BoxEditOptions) => BoxEditResult;

export async function applyBoxEdit(uri: vscode.Uri, request: BoxEditRequest, writer: BoxWriter = boxEdit): Promise<EditOutcome> {
  const document = await vscode.workspace.openTextDocument(uri);
  const stale = vscode.l10n.t('{0} changed since the preview drew its shapes, so the box was not changed (nothing was written). Try again on the box as it is drawn now.', vscode.workspace.asRelativePath(uri, false));
  if (document.version !== request.version) return { applied: false, document, message: stale };
  const text = document.getText();
  const [x, y, w, h] = request.bbox;
  const box: [number, number, number, number] = request.normalized ? [x / request.imageW, y / request.imageH, w / request.imageW, h / request.imageH] : [x, y, w, h];
  const decimals = request.normalized ? normalizedDecimals(text, request.imageW, request.imageH) : undefined;
  const result = writer(text, request.range, box, { normalized: request.normalized, decimals });
  return writeBack(document, result, () => document.version === request.version, stale, (problem) => vscode.l10n.t('The box could not be written back: {0}', problem));
}

export const staleMessage = (uri: vscode.Uri): string => vscode.l10n.t('{0} changed since the preview drew its shapes, so the shape was not changed (nothing was written). Try again on the shape as it is drawn now.', vscode.workspace.asRelativePath(uri, false));

export interface ShapeEditRequest {
  version: number;
  /** [start, end) of the image entry and of the annotation the edit names, in that version's text */
  entry: { start: number; end: number };
  annotation?: { start: number; end: number };
  imageW: number;
  imageH: number;
  normalized: boolean;
  edit: ShapeEdit;
}

/**
 * Writes a shape edit (vertices, add, relabel, delete, duplicate) with the format's writer for its
 * op: one WorkspaceEdit, only on the version the request names. Nothing is saved.
 */
export async function applyShapeEdit(uri: vscode.Uri, request: ShapeEditRequest, writers: EditWriters): Promise<EditOutcome> {
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.version !== request.version) return { applied: false, document, message: staleMessage(uri) };
  const writer = writers[request.edit.op] as ((c: EditContext, e: ShapeEdit) => EditResult) | undefined;
  if (!writer) return { applied: false, document, message: vscode.l10n.t('This preview cannot make that change to {0} yet.', vscode.workspace.asRelativePath(uri, false)) };
  const text = document.getText();
  const decimals = request.normalized ? normalizedDecimals(text, request.imageW, request.imageH) : undefined;
  const result = writer({ text, entry: request.entry, annotation: request.annotation, normalized: request.normalized, imageW: request.imageW, imageH: request.imageH, decimals }, request.edit);
  return writeBack(document, result, () => document.version === request.version, staleMessage(uri), changeRefused);
}

/** A writer's refusal, in the user's words. */
export const changeRefused = (problem: string): string => vscode.l10n.t('The change could not be written back: {0}', problem);

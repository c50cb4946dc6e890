// A preview source for a YOLO split: the images of one folder (opened from an image, a label file
// or a data.yaml split) with the objects of their label files (paired by Ultralytics' rule:
// `/images/` → `/labels/`, extension → .txt), labelled with the class names of data.yaml or
// classes.txt. Linked with the text of every label file of the split: a line ↔ its shape.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { FileAccess } from '../../core/files';
import type { YoloClasses } from '../../validation/yolo';
import { findClasses, findLabelImage } from '../../validation/yoloFiles';
import type { Location } from '../model/document';
import { imageFolderOf, isYoloImage, labelPathOf } from '../../annotations/yoloPaths';
import { objectAt, yoloObjects, type YoloObjects } from '../model/yoloLabels';
import type { Annotations, ImageEntry } from '../page/protocol';
import { imageRoots, readSettings } from '../../toolshed/settings';
import { resolveLocalImage } from './imageSource';
import type { PreviewSource, ResolvedImage } from './source';
import { configSplits, isDir, listImages, MAX_SPLIT_IMAGES, readLabel } from './yoloSplits';
import { opsOf, YOLO_WRITERS, type EditContext, type EditResult } from '../../annotations/editOps';
import { yoloBoxEdit } from '../../annotations/yoloEdits';
import type { ShapeEditMessage } from '../page/editProtocol';
import { applyYoloEdit } from './yoloEdits';
import type { EditOutcome } from './shapeEdits';


interface Entry {
  /** shown in the strip: the image's path in the split folder (or the label file's, when it has no image) */
  name: string;
  imagePath?: string;
  labelPath: string;
  /** the label file's text (the editor's, when open); undefined when there is none (a background image) */
  text?: string;
  objects?: YoloObjects;
  /** the edit version the page gets with these shapes, and the texts of the last few (an edit names one) */
  version?: number;
  recent?: Map<number, string>;
}

export type YoloTarget = { kind: 'image' | 'labels' | 'config'; file: string };

/** What a file opens as in the YOLO preview, by its name: an image, a label file, a dataset config. */
export function yoloTargetOf(uri: vscode.Uri, languageId?: string): YoloTarget | undefined {
  if (uri.scheme !== 'file') return undefined;
  const file = uri.fsPath;
  if (/^(data|dataset)\.ya?ml$/i.test(path.basename(file)) || (languageId === 'yaml' && /\.ya?ml$/i.test(file))) return { kind: 'config', file };
  if (/\.txt$/i.test(file) && (languageId === 'yolo-labels' || /[\\/](labels|obj_[^\\/]+_data)[\\/]/i.test(file))) return { kind: 'labels', file };
  if (isYoloImage(file)) return { kind: 'image', file };
  return undefined;
}

export class YoloSource implements PreviewSource {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly moved = new vscode.EventEmitter<Location>();
  readonly onDidMoveCursor = this.moved.event;
  private readonly disposables: vscode.Disposable[] = [];
  private entriesList: Entry[] = [];
  private readonly byLabel = new Map<string, number>();
  private classes?: YoloClasses;
  private timer?: NodeJS.Timeout;
  readonly title: string;
  /** the image the preview opens on: the one opened, or the label file's */
  initialImage?: number;
  /** the next edit version: one number per text read, whether from an editor or from disk */
  private nextVersion = 1;

  private constructor(readonly uri: vscode.Uri, private readonly files: FileAccess, private readonly folder: string) {
    this.title = vscode.l10n.t('Overlays: {0}', path.basename(uri.fsPath));
    this.disposables.push(
      this.changed,
      this.moved,
      vscode.workspace.onDidChangeTextDocument((e) => {
        const i = this.byLabel.get(e.document.uri.fsPath);
        if (i === undefined || e.document.uri.scheme !== 'file' || e.contentChanges.length === 0) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          // An edit from the preview was read at once (editSettled): the same text again is no news.
          if (e.document.getText() === this.entriesList[i].text) return;
          this.setText(i, e.document.getText());
          this.changed.fire();
        }, readSettings(e.document.uri).debounceMs);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        const at = this.locationIn(e.textEditor.document, e.selections[0].active);
        if (at) this.moved.fire(at);
      }),
    );
  }

  /**
   * The split of `target`: an image's folder, a label file's image folder, or a data.yaml's split
   * (the user picks one when it has several and `ask`; else the first). Undefined when the user cancelled the pick.
   */
  static async create(target: YoloTarget, uri: vscode.Uri, files: FileAccess, ask = true): Promise<YoloSource | undefined> {
    let images: string[];
    let labelFolder: string | undefined;
    let folder: string;
    let initialFile: string | undefined;
    if (target.kind === 'config') {
      const splits = await configSplits(target.file);
      if (splits.length === 0) throw new Error(vscode.l10n.t('{0} names no split folder that exists (train, val, test under path). Looked under "{1}".', path.basename(target.file), vscode.workspace.asRelativePath(path.dirname(target.file))));
      let split = splits[0];
      if (splits.length > 1 && ask) {
        const picked = await vscode.window.showQuickPick(
          splits.map((s) => ({ label: s.key, description: vscode.workspace.asRelativePath(s.folder), s })),
          { title: vscode.l10n.t('Which split of {0} to preview?', path.basename(target.file)) },
        );
        if (!picked) return undefined;
        split = picked.s;
      }
      folder = split.folder;
      images = split.list ?? (await listImages(split.folder, true));
    } else if (target.kind === 'image') {
      folder = path.dirname(target.file);
      images = await listImages(folder, false);
      if (!images.includes(target.file)) images.unshift(target.file);
      initialFile = target.file;
    } else {
      folder = imageFolderOf(target.file);
      labelFolder = path.dirname(target.file);
      images = (await isDir(folder)) ? await listImages(folder, false) : [];
      initialFile = target.file;
    }
    const source = new YoloSource(uri, files, folder);
    await source.load(images, labelFolder, initialFile);
    return source;
  }

  private async load(images: string[], labelFolder: string | undefined, initialFile: string | undefined): Promise<void> {
    const entries: Entry[] = images.map((imagePath) => ({ name: path.relative(this.folder, imagePath) || path.basename(imagePath), imagePath, labelPath: labelPathOf(imagePath) }));
    // Label files without an image (opened from a label file): listed too, their image explained.
    if (labelFolder) {
      const paired = new Set(entries.map((e) => e.labelPath));
      let names: string[] = [];
      try {
        names = (await fs.promises.readdir(labelFolder)).filter((n) => /\.txt$/i.test(n)).sort();
      } catch {
        names = [];
      }
      for (const name of names) {
        const labelPath = path.join(labelFolder, name);
        if (paired.has(labelPath) || entries.length >= MAX_SPLIT_IMAGES) continue;
        // Beside the label file, or a case the folder listing missed: the validation's lookup.
        const imagePath = await findLabelImage(labelPath);
        entries.push({ name: imagePath ? path.relative(this.folder, imagePath) : path.relative(path.dirname(labelFolder), labelPath), imagePath, labelPath });
      }
    }
    this.entriesList = entries;
    entries.forEach((e, i) => this.byLabel.set(e.labelPath, i));
    this.watchLabels(new Set(entries.map((e) => path.dirname(e.labelPath))));
    const stopAt = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    this.classes = await findClasses(entries[0]?.labelPath ?? path.join(this.folder, 'x.txt'), stopAt);
    const open = new Map(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => [d.uri.fsPath, d.getText()]));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < entries.length) {
        const i = next++;
        this.setText(i, open.get(entries[i].labelPath) ?? (await readLabel(entries[i].labelPath)));
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    if (initialFile) {
      const i = entries.findIndex((e) => e.imagePath === initialFile || e.labelPath === initialFile);
      if (i >= 0) this.initialImage = i;
    }
  }

  /** Label files written on disk (a converter, a training script) are read again; open ones follow the editor. */
  private watchLabels(folders: Set<string>): void {
    for (const folder of [...folders].slice(0, 20)) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), '*.txt'));
      const reread = (uri: vscode.Uri): void => {
        const i = this.byLabel.get(uri.fsPath);
        if (i === undefined || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty)) return;
        void readLabel(uri.fsPath).then((text) => {
          if (text === this.entriesList[i].text) return;
          this.setText(i, text);
          this.changed.fire();
        });
      };
      this.disposables.push(watcher, watcher.onDidChange(reread), watcher.onDidCreate(reread), watcher.onDidDelete(reread));
    }
  }

  private setText(i: number, text: string | undefined): void {
    const entry = this.entriesList[i];
    entry.text = text;
    entry.objects = text === undefined ? undefined : yoloObjects(text, this.classes?.names, this.classes?.kptShape);
    if (text === undefined) return;
    entry.version = this.nextVersion++;
    entry.recent ??= new Map();
    entry.recent.set(entry.version, text);
    for (const v of entry.recent.keys()) if (entry.recent.size > 4 && v !== entry.version) entry.recent.delete(v);
  }

  private locationIn(document: vscode.TextDocument, position: vscode.Position): Location | undefined {
    if (document.uri.scheme !== 'file') return undefined;
    const i = this.byLabel.get(document.uri.fsPath);
    if (i === undefined) return undefined;
    const entry = this.entriesList[i];
    // The text in the editor may be newer than the debounced copy: read the lines from it.
    const objects = entry.text === document.getText() && entry.objects ? entry.objects : yoloObjects(document.getText(), this.classes?.names, this.classes?.kptShape);
    const annotation = objectAt(objects.lines, document.offsetAt(position));
    return annotation === undefined ? { image: i } : { image: i, annotation };
  }

  entries(): ImageEntry[] {
    return this.entriesList.map((e, index) => ({ index, image: e.name, shapeCount: e.objects?.shapes.length ?? 0 }));
  }

  annotations(index: number): Annotations | undefined {
    const entry = this.entriesList[index];
    if (!entry) return undefined;
    const objects = entry.objects;
    const out: Annotations = { index, image: entry.name, shapes: objects?.shapes ?? [], normalized: true, skipped: objects?.skipped ?? 0 };
    if (objects && objects.keypoints.length > 0) out.keypoints = objects.keypoints;
    if (this.editable(entry) && entry.version !== undefined) {
      out.editVersion = entry.version;
      out.editOps = opsOf(YOLO_WRITERS);
      // YOLO lines are boxes or polygons (segments); the class names of data.yaml / classes.txt can be picked.
      out.drawKinds = ['rectangle', 'polygon'];
      const names = [...(this.classes?.names?.values() ?? [])];
      if (names.length > 0) out.labelsInUse = names;
    }
    return out;
  }

  /**
   * An image's objects may be changed from the preview when it has a label file (the edit opens it
   * as a document when it is not open) and an image: the numbers are fractions of the image's size.
   * A background image (no label file) is not edited: that would create a file.
   */
  private editable(entry: Entry): boolean {
    return entry.text !== undefined && entry.imagePath !== undefined;
  }

  private refusal(entry: Entry | undefined): string | undefined {
    if (!entry) return vscode.l10n.t('This preview cannot change the file: it is read-only here or does not parse.');
    if (!entry.imagePath) return vscode.l10n.t('The image of "{0}" was not found, so its size is not known, and a YOLO label file\'s numbers are fractions of it: nothing was written.', vscode.workspace.asRelativePath(entry.labelPath, false));
    if (entry.text === undefined) return vscode.l10n.t('"{0}" has no label file to write into (a background image): the preview does not create one.', entry.name);
    return undefined;
  }

  /** After an edit was applied or refused: the label file is read again at once, a refusal is said. */
  private editSettled(i: number, outcome: EditOutcome | undefined, refused?: string): string | undefined {
    const message = refused ?? (outcome && !outcome.applied ? outcome.message : undefined);
    if (outcome?.document) {
      const text = outcome.document.getText();
      if (text !== this.entriesList[i].text) this.setText(i, text);
    }
    // The page shows the shapes of the text now (an edit that was refused snaps back).
    this.changed.fire();
    if (message) void vscode.window.showWarningMessage(message);
    return message;
  }

  private async edit(image: number, version: number, annotation: number | undefined, imageW: number, imageH: number, write: (context: EditContext) => EditResult): Promise<string | undefined> {
    const entry = this.entriesList[image];
    const refused = this.refusal(entry);
    if (refused || !entry) return this.editSettled(image, undefined, refused);
    const outcome = await applyYoloEdit({ labelPath: entry.labelPath, drawn: entry.recent?.get(version), annotation, imageW, imageH, names: this.classes?.names, kptShape: this.classes?.kptShape }, write);
    if (outcome.applied) await this.showEdited(outcome.document);
    return this.editSettled(image, outcome);
  }

  /**
   * A label file the edit opened is shown in an editor (not focused, in a group other than the
   * preview's): its change is unsaved, so it must be seen, saved or undone there.
   */
  private async showEdited(document: vscode.TextDocument): Promise<void> {
    if (vscode.window.visibleTextEditors.some((e) => e.document === document)) return;
    const groups = vscode.window.tabGroups.all;
    const previewColumn = groups.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.label === this.title))?.viewColumn;
    const other = groups.find((g) => g.viewColumn !== previewColumn)?.viewColumn;
    await vscode.window.showTextDocument(document, { viewColumn: other ?? vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
  }

  async editBox(edit: { image: number; annotation: number; version: number; bbox: [number, number, number, number]; imageW: number; imageH: number }): Promise<string | undefined> {
    return this.edit(edit.image, edit.version, edit.annotation, edit.imageW, edit.imageH, (context) => yoloBoxEdit(context, edit.bbox));
  }

  async editShape(m: ShapeEditMessage): Promise<string | undefined> {
    const writer = YOLO_WRITERS[m.edit.op] as ((c: EditContext, e: ShapeEditMessage['edit']) => EditResult) | undefined;
    if (!writer) return this.editSettled(m.image, undefined, vscode.l10n.t('This preview cannot make that change to a YOLO label file yet.'));
    return this.edit(m.image, m.version, 'annotation' in m.edit ? m.edit.annotation : undefined, m.imageW, m.imageH, (context) => writer(context, m.edit));
  }

  async image(index: number): Promise<ResolvedImage> {
    const entry = this.entriesList[index];
    if (!entry?.imagePath) {
      const label = entry ? vscode.workspace.asRelativePath(entry.labelPath, false) : '';
      const stem = entry ? path.basename(entry.labelPath).replace(/\.txt$/i, '') : '';
      const where = entry ? vscode.workspace.asRelativePath(imageFolderOf(entry.labelPath), false) : '';
      const message = vscode.l10n.t('No image for the labels "{0}": looked for {1}.jpg, .png and the other image types in "{2}" (its labels/ folder with images/ instead) and beside the label file.', label, stem, where);
      return { source: { index, problem: { kind: 'not-found', message, canChoose: false } } };
    }
    return resolveLocalImage(index, entry.imagePath, { filePath: entry.imagePath, files: this.files, imageRoots: imageRoots(this.uri) });
  }

  resourceRoots(): string[] {
    return imageRoots(this.uri);
  }

  broken(): undefined {
    return undefined;
  }

  cursor(): Location | undefined {
    for (const editor of vscode.window.visibleTextEditors) {
      const at = this.locationIn(editor.document, editor.selection.active);
      if (at) return at;
    }
    return undefined;
  }

  /** Opens the image's label file (creating nothing) and selects the object's line. */
  async reveal(image: number, annotation: number): Promise<void> {
    const entry = this.entriesList[image];
    if (!entry || entry.text === undefined) return;
    const uri = vscode.Uri.file(entry.labelPath);
    const document = await vscode.workspace.openTextDocument(uri);
    const objects = yoloObjects(document.getText(), this.classes?.names, this.classes?.kptShape);
    const line = objects.lines[annotation];
    if (!line) return;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    // An editable preview keeps the keys (they act on the shape), as fileSource.ts's reveal.
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: this.editable(entry) });
    const selection = new vscode.Selection(document.positionAt(line.start), document.positionAt(line.end));
    editor.selection = selection;
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

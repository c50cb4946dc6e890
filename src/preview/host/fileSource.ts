// A preview source backed by an annotation file: follows unsaved edits (debounced), maps the
// cursor to annotations and annotations to text ranges, and resolves images like the diagnostics.
import * as path from 'path';
import * as vscode from 'vscode';
import { MementoKeys } from '../../constants';
import type { FileAccess } from '../../core/files';
import type { AnalysisCache } from '../../workspace/analysisCache';
import { AnnotationDocument, modelOf, type Broken, type Location } from '../model/document';
import { cocoModelOf, type CocoDocument } from '../model/cocoDocument';
import type { Annotations, ImageEntry } from '../page/protocol';
import { imageRoots, readSettings } from '../../toolshed/settings';
import { findGroundTruth } from './cocoGroundTruth';
import { resolveLocalImage } from './imageSource';
import type { PreviewSource, ResolvedImage } from './source';
import { applyBoxEdit, applyShapeEdit } from './shapeEdits';
import { COCO_WRITERS, METALAKE_WRITERS, opsOf, type EditWriters } from '../../annotations/editOps';
import { cocoBoxEdit } from '../../annotations/cocoEdits';
import type { ShapeEditMessage } from '../page/editProtocol';
import { checkNow } from '../../workspace/checkNow';
import { updatedModel } from '../model/modelUpdate';
import { entryEditOf } from '../../validation/incremental';


/** Which reader turns the file's text into the preview's model. */
export type FileFormat = 'annotations' | 'coco';

export class FileSource implements PreviewSource {
  private doc?: AnnotationDocument | CocoDocument;
  private brokenAt?: Broken;
  /** the document version `doc` was read from (an edit from the preview must name it) */
  private docVersion = -1;
  /** the texts of the last versions read (shared strings, no copies): an edit naming one whose text is the document's now is still exact */
  private readonly recentTexts = new Map<number, string>();
  private labelCache?: { version: number; labels: string[] };
  /** a COCO results file's ground truth, found beside it (its images and categories) */
  private groundTruth?: unknown;
  /** the cursor moved in a version the model had not read yet: placed when it has */
  private pendingCursor?: { version: number; offset: number };
  private timer?: NodeJS.Timeout;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly moved = new vscode.EventEmitter<Location>();
  readonly onDidMoveCursor = this.moved.event;
  private readonly disposables: vscode.Disposable[] = [];
  readonly title: string;

  constructor(
    readonly uri: vscode.Uri,
    private readonly analyses: AnalysisCache,
    private readonly files: FileAccess,
    private readonly state: vscode.Memento,
    private readonly format: FileFormat = 'annotations',
  ) {
    this.title = vscode.l10n.t('Overlays: {0}', path.basename(uri.path));
    this.disposables.push(
      this.changed,
      this.moved,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() !== uri.toString() || e.contentChanges.length === 0) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.update(e.document), readSettings(uri).debounceMs);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.toString() !== uri.toString() || !this.doc || this.brokenAt) return;
        const offset = e.textEditor.document.offsetAt(e.selections[0].active);
        // A cursor in a newer text than the model's (an edit from the preview moves it, typing does)
        // is placed once the model has read that text: the old offsets would name the wrong annotation.
        if (e.textEditor.document.version !== this.docVersion) {
          this.pendingCursor = { version: e.textEditor.document.version, offset };
          return;
        }
        this.pendingCursor = undefined;
        const at = this.doc.locationAt(offset);
        if (at) this.moved.fire(at);
      }),
    );
  }

  /** Reads the document (open or from disk); throws when it is no annotation file at all. */
  async load(): Promise<void> {
    const document = await vscode.workspace.openTextDocument(this.uri);
    if (this.format === 'coco' && /^\uFEFF?\s*\[/.test(document.getText(new vscode.Range(0, 0, 5, 0)))) {
      this.groundTruth = (await findGroundTruth(this.uri.fsPath, document.getText()))?.value;
    }
    this.update(document, false);
    if (this.doc && !this.doc.hasImageList && this.format === 'coco') {
      throw new Error(vscode.l10n.t('{0} has no images to show: a COCO file needs an "images" list (a results file, its ground truth beside it).', path.basename(this.uri.path)));
    }
    if (this.doc && !this.doc.hasImageList) {
      throw new Error(vscode.l10n.t('{0} is not an annotation file: the preview needs a top-level "images" list of {1}.', path.basename(this.uri.path), '{"image", "annotations"}'));
    }
  }

  /** Reads the editor's analysis of this version: the diagnostics' parse, not a second one. */
  private update(document: vscode.TextDocument, fire = true): void {
    const analysis = this.analyses.analyzeAs(document, this.format).analysis;
    // An edit inside one image entry reads that entry again, not the whole file (modelUpdate.ts).
    const updated = this.format === 'annotations' && this.doc instanceof AnnotationDocument ? updatedModel(this.doc, analysis, entryEditOf(analysis)) : undefined;
    const result = updated ? { ok: true as const, doc: updated } : this.format === 'coco' ? cocoModelOf(analysis, analysis.text, this.groundTruth) : modelOf(analysis, analysis.text);
    if (result.ok) {
      this.doc = result.doc;
      this.docVersion = document.version;
      this.recentTexts.set(document.version, result.doc.text);
      for (const v of this.recentTexts.keys()) if (this.recentTexts.size > 4 && v !== document.version) this.recentTexts.delete(v);
      this.brokenAt = undefined;
    } else {
      this.brokenAt = result.broken;
    }
    if (fire) this.changed.fire();
    const cursor = this.pendingCursor;
    if (cursor && result.ok && cursor.version === this.docVersion) {
      this.pendingCursor = undefined;
      const at = this.doc?.locationAt(cursor.offset);
      if (at) this.moved.fire(at);
    }
  }

  broken(): Broken | undefined {
    return this.brokenAt;
  }

  entries(): ImageEntry[] {
    // The strip counts annotations: a COCO annotation may be a box and its polygons.
    return (this.doc?.images ?? []).map((i) => ({ index: i.index, image: i.image, shapeCount: new Set(i.shapes.map((s) => s.index)).size }));
  }

  annotations(index: number): Annotations | undefined {
    const entry = this.doc?.images[index];
    if (!entry || !this.doc) return undefined;
    const out: Annotations = { index, image: entry.image, shapes: entry.shapes, normalized: this.doc.normalized, skipped: entry.skipped };
    // COCO's masks and keypoints (MetaLake files have neither).
    if ('masks' in entry && entry.masks.length > 0) out.masks = entry.masks;
    if ('keypoints' in entry && entry.keypoints.length > 0) out.keypoints = entry.keypoints;
    if (this.editable()) {
      out.editVersion = this.docVersion;
      out.editOps = opsOf(this.writers());
      out.labelsInUse = this.labelsInUse();
      // COCO has no line shapes (a segmentation is polygons).
      if (this.format === 'coco') out.drawKinds = ['rectangle', 'polygon'];
    }
    return out;
  }

  /**
   * Boxes may be changed from the preview: a MetaLake or COCO file that parses, on a file
   * system VS Code can write (not a diff's left side or another read-only scheme).
   */
  private editable(): boolean {
    if (this.brokenAt || !this.doc || this.docVersion < 0) return false;
    if (this.uri.scheme === 'untitled') return true;
    return vscode.workspace.fs.isWritableFileSystem(this.uri.scheme) === true;
  }

  /** The file's labels, most used first (then by name), once per version read. */
  private labelsInUse(): string[] {
    if (this.labelCache?.version !== this.docVersion) {
      const counts = new Map<string, number>();
      for (const image of this.doc?.images ?? []) {
        let last = -1;
        for (const s of image.shapes) {
          // An annotation drawn as several shapes counts once.
          if (s.index === last) continue;
          last = s.index;
          if (s.label !== '') counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
        }
      }
      const labels = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([l]) => l);
      // A COCO file's categories no annotation uses yet can be named too (after the used ones).
      if (this.doc && 'categoryNames' in this.doc) for (const name of this.doc.categoryNames) if (!counts.has(name)) labels.push(name);
      this.labelCache = { version: this.docVersion, labels };
    }
    return this.labelCache.labels;
  }

  private writers(): EditWriters {
    if (this.format === 'annotations') return METALAKE_WRITERS;
    return this.doc && 'results' in this.doc && this.doc.results ? {} : COCO_WRITERS;
  }

  /**
   * An undo and a redo in the editor make a new version of the same text (the page may not have
   * heard of it yet): the same text has the same ranges, so an edit naming a recent version whose
   * text is the document's now is read against the document now. The version the edit may name.
   */
  private catchUp(version: number): number {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri.toString());
    if (document && version !== document.version && this.recentTexts.get(version) === document.getText()) {
      clearTimeout(this.timer);
      this.update(document, false);
      if (this.docVersion === document.version) return document.version;
    }
    return version;
  }

  /** After an edit was applied or refused: the model is read again at once, a refusal is said. */
  private settle(outcome: { applied: boolean; message?: string; document?: vscode.TextDocument } | undefined, refused?: string): string | undefined {
    const message = refused ?? (outcome && !outcome.applied ? outcome.message : undefined);
    // At once, not after the debounce: the page's next edit names the new version.
    if (outcome?.document) {
      clearTimeout(this.timer);
      this.update(outcome.document);
    }
    if (message) {
      // The page shows the shapes of the text again (its changed shape snaps back).
      this.changed.fire();
      void vscode.window.showWarningMessage(message);
    }
    return message;
  }

  /**
   * An applied edit's diagnostics come first, without the typing debounce: they analyse the new
   * version once (settle then reads that analysis for the preview) and are out before the preview's
   * own work on it.
   */
  private async checked<T extends { applied: boolean }>(outcome: T): Promise<T> {
    if (!outcome.applied) return outcome;
    // settle reads the new version right after: the debounced read of it would be a second one.
    clearTimeout(this.timer);
    await checkNow(this.uri);
    clearTimeout(this.timer);
    return outcome;
  }

  async editBox(edit: { image: number; annotation: number; version: number; bbox: [number, number, number, number]; imageW: number; imageH: number }): Promise<string | undefined> {
    edit = { ...edit, version: this.catchUp(edit.version) };
    const doc = this.doc;
    const range = doc && 'rangeOf' in doc ? doc.rangeOf(edit.image, edit.annotation) : undefined;
    if (!this.editable() || !doc || !range) return this.settle(undefined, vscode.l10n.t('This preview cannot change the file: it is read-only here or does not parse.'));
    return this.settle(await this.checked(await applyBoxEdit(this.uri, { ...edit, range, normalized: doc.normalized }, this.format === 'coco' ? cocoBoxEdit : undefined)));
  }

  async editShape(m: ShapeEditMessage): Promise<string | undefined> {
    const version = this.catchUp(m.version);
    const doc = this.doc;
    const entry = doc?.rangeOf(m.image);
    const annotation = 'annotation' in m.edit ? doc?.rangeOf(m.image, m.edit.annotation) : undefined;
    if (!this.editable() || !doc || !entry || ('annotation' in m.edit && !annotation)) return this.settle(undefined, vscode.l10n.t('This preview cannot change the file: it is read-only here or does not parse.'));
    return this.settle(await this.checked(await applyShapeEdit(this.uri, { version, entry, annotation, imageW: m.imageW, imageH: m.imageH, normalized: doc.normalized, edit: m.edit }, this.writers())));
  }

  async image(index: number): Promise<ResolvedImage> {
    const entry = this.doc?.images[index];
    if (entry && 'id' in entry && entry.image === '' && this.doc && 'results' in this.doc && this.doc.results && this.groundTruth === undefined) {
      const message = vscode.l10n.t('A COCO results file names its images by id only (this is image_id {0}). Put its ground-truth file (with "images" and "categories") in the same folder to see the images and the category names.', String(entry.id));
      return { source: { index, problem: { kind: 'not-found', message, canChoose: false } } };
    }
    const resolved = await resolveLocalImage(index, entry?.image ?? '', {
      filePath: this.uri.fsPath,
      files: this.files,
      imageRoots: imageRoots(this.uri),
      chosen: this.chosen()[this.chosenKey(entry?.image ?? '')],
    });
    // COCO gives the image's size: without the picture, the shapes are drawn on an area of that size.
    if (resolved.source.problem?.kind === 'not-found' && entry && 'width' in entry && entry.width && entry.height) {
      resolved.source.width ??= entry.width;
      resolved.source.height ??= entry.height;
    }
    return resolved;
  }

  resourceRoots(): string[] {
    const mine = `${this.uri.toString()}#`;
    const chosen = Object.entries(this.chosen()).filter(([key, file]) => key.startsWith(mine) && typeof file === 'string' && path.isAbsolute(file)).map(([, file]) => file);
    return [...imageRoots(this.uri), ...chosen];
  }

  cursor(): Location | undefined {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
    if (!editor || !this.doc) return undefined;
    return this.doc.locationAt(editor.document.offsetAt(editor.selection.active));
  }

  async reveal(image: number, annotation: number): Promise<void> {
    const range = this.doc?.rangeOf(image, annotation);
    if (!range) return;
    const document = await vscode.workspace.openTextDocument(this.uri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
    // An editable preview keeps the keys (Delete, R, the arrows act on the shape, not on the text's selection); a view-only one hands them to the editor.
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: this.editable() });
    const selection = new vscode.Selection(document.positionAt(range.start), document.positionAt(range.end));
    editor.selection = selection;
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private chosen(): Record<string, string> {
    return this.state.get<Record<string, string>>(MementoKeys.chosenImages) ?? {};
  }

  private chosenKey(image: string): string {
    return `${this.uri.toString()}#${image}`;
  }

  async chooseImage(index: number): Promise<boolean> {
    const entry = this.doc?.images[index];
    if (!entry) return false;
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Choose the image for "{0}"', entry.image),
      canSelectMany: false,
      defaultUri: vscode.Uri.file(path.dirname(this.uri.fsPath)),
      filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp'] },
    });
    if (!picked?.[0]) return false;
    await this.state.update(MementoKeys.chosenImages, { ...this.chosen(), [this.chosenKey(entry.image)]: picked[0].fsPath });
    return true;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

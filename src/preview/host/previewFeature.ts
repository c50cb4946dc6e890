// "Datum Studio: Preview Overlays": opens (or reveals) the overlay preview of an annotation file,
// restores previews after a reload, and keeps the editor-title button to annotation files.
import * as vscode from 'vscode';
import { Commands, ContextKeys } from '../../constants';
import { registerCommand } from '../../toolshed/commands';
import type { Services } from '../../services';
import type { PersistedState } from '../page/protocol';
import { DatumSource, type Datum } from './datumSource';
import { FileSource, type FileFormat } from './fileSource';
import { isLargeFile, LargeCocoSource, TEXT_DOCUMENT_LIMIT } from './largeCocoSource';
import type { PreviewSource } from './source';
import { YoloSource, yoloTargetOf } from './yoloSource';
import { findAnnotationFilesFor } from './imageReferences';
import { isInside } from './resourceRoots';
import { PreviewPanel, VIEW_TYPE, webviewOptions, type PanelDeps } from './panel';
import { registerShapeCommands } from './shapeCommands';
import { recognizePath } from '../../formats/formats';
import { labelPathOf } from '../../annotations/yoloPaths';
import { readSettings, relativePath } from '../../toolshed/settings';

export interface PreviewArgs {
  imageIndex?: number;
}

const IMAGE_FILE = /\.(png|jpe?g|gif|webp|bmp)$/i;

export class PreviewFeature implements vscode.Disposable {
  private readonly panels = new Map<string, PreviewPanel>();
  private readonly colorsChanged = new vscode.EventEmitter<Record<string, string>>();
  private readonly deps: PanelDeps;
  private readonly disposables: vscode.Disposable[] = [];

  private readonly context: vscode.ExtensionContext;
  private readonly log: vscode.LogOutputChannel;

  constructor(private readonly services: Services) {
    const { context, log } = services;
    this.context = context;
    this.log = log;
    this.deps = {
      extensionUri: context.extensionUri,
      log,
      globalState: context.globalState,
      onDidChangeColors: this.colorsChanged.event,
      fireColors: (c) => this.colorsChanged.fire(c),
      // The walkthrough's sample is copied there (src/walkthrough/walkthrough.ts) and previewed from there.
      ownRoots: context.globalStorageUri.scheme === 'file' ? [context.globalStorageUri.fsPath] : [],
    };
    this.disposables.push(
      this.colorsChanged,
      services.files.onDidChangeImages(() => this.panels.forEach((p) => p.imagesChanged())),
      registerCommand(Commands.previewOverlays, log, (uri?: vscode.Uri, args?: PreviewArgs) => this.run(uri, args)),
      registerCommand(Commands.previewDatum, log, (datum: Datum) => this.showPreview(datum)),
      registerCommand(Commands.previewCompare, log, (other?: vscode.Uri, role?: 'truth' | 'predictions') => this.compare(other, role)),
      // The context menu on a shape: the panel of the file the page named, else the one in front.
      registerShapeCommands(log, (command, target) => {
        const panel = (target.uri ? this.panels.get(target.uri) : undefined) ?? [...this.panels.values()].find((p) => p.panel.active);
        return panel?.shapeCommand(command, target.image, target.annotation, target.version) ?? false;
      }),
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state: PersistedState | undefined) => this.restore(panel, state),
      }),
      vscode.window.onDidChangeActiveTextEditor((e) => this.updateContext(e)),
      // A COCO file is known once the diagnostics have read it.
      services.formats.onDidChangeRecognition((uri) => {
        if (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()) this.updateContext(vscode.window.activeTextEditor);
      }),
      // Activation can finish after the editor that triggered it became active (its event missed):
      // the first cursor event in it sets the key then.
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor && e.textEditor.document.uri.toString() !== this.contextUri) this.updateContext(e.textEditor);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (d === vscode.window.activeTextEditor?.document) this.updateContext(vscode.window.activeTextEditor);
      }),
    );
    this.updateContext(vscode.window.activeTextEditor);
  }

  private contextUri?: string;

  private updateContext(editor: vscode.TextEditor | undefined): void {
    this.contextUri = editor?.document.uri.toString();
    // Cheap on purpose (runs on every editor switch): a name/glob match or an `"images": [` near the top.
    const doc = editor?.document;
    const json =
      !!doc &&
      ['json', 'jsonc'].includes(doc.languageId) &&
      (['annotations', 'coco'].includes(recognizePath(doc.uri.path, relativePath(doc.uri), readSettings(doc.uri).globs)?.format ?? '') ||
        this.services.formats.current(doc.uri)?.format === 'coco' ||
        /"images"\s*:\s*\[/.test(doc.getText(new vscode.Range(0, 0, 200, 0))));
    // YOLO: a label file, or a dataset config by its name.
    const yolo = !!doc && (doc.languageId === 'yolo-labels' || (doc.uri.scheme === 'file' && /^(data|dataset)\.ya?ml$/i.test(doc.uri.path.split('/').pop() ?? '')));
    const yes = json || yolo;
    void vscode.commands.executeCommand('setContext', ContextKeys.annotationFile, yes);
  }

  /** The preview in front (or the only one) compares its file with another: the one given, or one the user picks. */
  private async compare(other?: vscode.Uri, role?: 'truth' | 'predictions'): Promise<void> {
    const all = [...this.panels.values()];
    const panel = all.find((p) => p.panel.active) ?? all.find((p) => p.panel.visible) ?? all[0];
    if (!panel) throw new Error(vscode.l10n.t('Open the overlay preview of an annotation file first (Preview Overlays), then compare it.'));
    if (other instanceof vscode.Uri) await panel.evaluation.start(other, role === 'truth' || role === 'predictions' ? role : undefined);
    else await panel.evaluation.pick();
  }

  private async run(uri: vscode.Uri | undefined, args: PreviewArgs = {}): Promise<void> {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!target) throw new Error(vscode.l10n.t('Open an annotation JSON file first, then run Preview Overlays.'));
    if (IMAGE_FILE.test(target.path)) return this.fromImage(target);
    await this.open(target, args.imageIndex);
  }

  /** The YOLO label file of an image, when there is one (Ultralytics' pairing). */
  private async yoloLabelsOf(image: vscode.Uri): Promise<boolean> {
    if (image.scheme !== 'file') return false;
    return this.services.files.access.isFile(labelPathOf(image.fsPath));
  }

  /** Explorer menu on an image: find the annotation file(s) that name it. */
  private async fromImage(image: vscode.Uri): Promise<void> {
    const found = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Looking for annotation files that name this image'), cancellable: false },
      () => findAnnotationFilesFor(image.fsPath, this.services.validator, this.services.files.access, this.services.facts),
    );
    // An image with a YOLO label file (images/… → labels/….txt) opens its split, unless annotation files name it too.
    if (await this.yoloLabelsOf(image)) {
      if (found.length === 0) return this.open(image);
      const yolo = vscode.l10n.t('YOLO labels: {0}', vscode.workspace.asRelativePath(labelPathOf(image.fsPath)));
      const chosen = await vscode.window.showQuickPick(
        [{ label: yolo, f: undefined }, ...found.map((f) => ({ label: vscode.workspace.asRelativePath(f.uri), description: vscode.l10n.t('image #{0}', f.imageIndex + 1), f }))],
        { title: vscode.l10n.t('Annotation files that name this image') },
      );
      if (!chosen) return;
      if (!chosen.f) return this.open(image);
      await vscode.window.showTextDocument(chosen.f.uri, { viewColumn: vscode.ViewColumn.One });
      return this.open(chosen.f.uri, chosen.f.imageIndex);
    }
    if (found.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No annotation file in the workspace names {0}.', vscode.workspace.asRelativePath(image)));
      return;
    }
    let pick = found[0];
    if (found.length > 1) {
      const chosen = await vscode.window.showQuickPick(found.map((f) => ({ label: vscode.workspace.asRelativePath(f.uri), description: vscode.l10n.t('image #{0}', f.imageIndex + 1), f })), { title: vscode.l10n.t('Annotation files that name this image') });
      if (!chosen) return;
      pick = chosen.f;
    }
    await vscode.window.showTextDocument(pick.uri, { viewColumn: vscode.ViewColumn.One });
    await this.open(pick.uri, pick.imageIndex);
  }

  private async open(uri: vscode.Uri, imageIndex?: number): Promise<void> {
    const existing = this.panels.get(uri.toString());
    if (existing) {
      existing.reveal(imageIndex);
      return;
    }
    const source = await this.fileSource(uri);
    if (!source) return;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, source.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this.context.extensionUri));
    this.track(uri.toString(), new PreviewPanel(panel, source, this.deps, { imageIndex: imageIndex ?? source.initialImage ?? source.cursor?.()?.image ?? 0 }));
  }

  /** COCO or MetaLake, by what the diagnostics recognized (or the content). */
  private async jsonFormat(uri: vscode.Uri): Promise<FileFormat> {
    const document = await vscode.workspace.openTextDocument(uri);
    const format = this.services.formats.current(uri)?.format ?? this.services.analyses.get(document)?.format ?? this.services.validator.analyze(document.getText(), 'auto').format;
    return format === 'coco' ? 'coco' : 'annotations';
  }

  /** The source for a file: a YOLO split (image, label file, data.yaml) or an annotation JSON; undefined when the user cancelled. */
  private async fileSource(uri: vscode.Uri, restoring = false): Promise<PreviewSource | undefined> {
    const language = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.languageId;
    const yolo = yoloTargetOf(uri, language);
    // A restored data.yaml preview takes its first split rather than asking at every reload.
    if (yolo) return YoloSource.create(yolo, uri, this.services.files.access, !restoring);
    // A COCO file too large for a text document (train2017's instances) is read from disk.
    if (await isLargeFile(uri)) return LargeCocoSource.open(uri, this.services.files.access, this.context.workspaceState);
    let format: FileFormat;
    try {
      format = await this.jsonFormat(uri);
    } catch (error) {
      if (uri.scheme !== 'file') throw error;
      // VS Code refused the document (its size limit, whatever it is now): the disk route may still read it.
      return this.fromDisk(uri, error);
    }
    const source = new FileSource(uri, this.services.analyses, this.services.files.access, this.context.workspaceState, format);
    try {
      await source.load();
    } catch (error) {
      source.dispose();
      throw error;
    }
    return source;
  }

  /** The disk route after openTextDocument refused the file; a small file keeps VS Code's reason. */
  private async fromDisk(uri: vscode.Uri, refusal: unknown): Promise<PreviewSource | undefined> {
    try {
      return await LargeCocoSource.open(uri, this.services.files.access, this.context.workspaceState);
    } catch (error) {
      const size = await vscode.workspace.fs.stat(uri).then((s) => s.size, () => 0);
      throw size > TEXT_DOCUMENT_LIMIT ? error : refusal;
    }
  }

  private track(key: string, panel: PreviewPanel): void {
    this.panels.set(key, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === panel) this.panels.delete(key);
    });
  }

  private async restore(panel: vscode.WebviewPanel, state: PersistedState | undefined): Promise<void> {
    if (!state?.uri) {
      panel.dispose();
      return;
    }
    const uri = await restorableUri(state.uri);
    if (!uri) {
      this.log.warn('Preview: not restored; the saved state names no annotation file in the workspace.');
      panel.dispose();
      return;
    }
    try {
      const source = await this.fileSource(uri, true);
      if (!source) {
        panel.dispose();
        return;
      }
      this.track(uri.toString(), new PreviewPanel(panel, source, this.deps, state));
    } catch (error) {
      this.log.warn(`Could not restore the overlay preview of ${uri.toString()}`, error);
      panel.dispose();
    }
  }

  /**
   * Preview one datum: an image (a local file or downloaded bytes) and its annotations object.
   * The remote tree calls this; the bytes are written to the extension's storage and served from there.
   */
  async showPreview(datum: Datum): Promise<void> {
    const source = await DatumSource.create(datum, this.context.globalStorageUri);
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, source.title, { viewColumn: vscode.ViewColumn.Active }, webviewOptions(this.context.extensionUri));
    new PreviewPanel(panel, source, this.deps);
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * The file a restored panel may open. The URI comes from the page's saved state, so it is checked:
 * a `file:` URI of an existing file inside a workspace folder (or open in an editor now).
 */
export async function restorableUri(value: unknown): Promise<vscode.Uri | undefined> {
  if (typeof value !== 'string' || value.length > 4096) return undefined;
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(value, true);
  } catch {
    return undefined;
  }
  if (uri.scheme !== 'file') return undefined;
  const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!open && !(folder && isInside(folder.uri.fsPath, uri.fsPath))) return undefined;
  try {
    return (await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File ? uri : undefined;
  } catch {
    return undefined;
  }
}

export function registerPreview(services: Services): PreviewFeature {
  return new PreviewFeature(services);
}

// One preview panel: owns the webview, speaks the protocol, and connects it to a source. The image
// is resolved and sent once per image shown; edits send only the annotations (data).
import * as vscode from 'vscode';
import { MementoKeys, ViewIds } from '../../constants';
import { assignColors } from '../model/colors';
import type { Annotations, HostToWebview, PersistedState, WebviewToHost } from '../page/protocol';
import { annotationsMessage } from '../model/shapeDiff';
import { previewHtml } from './html';
import { PanelEvaluation } from './evaluation';
import { checkWebviewMessage, withColor } from './messages';
import { isAllowed } from './resourceRoots';
import type { PreviewSource } from './source';

export const VIEW_TYPE = ViewIds.preview;
/** label → colour: assigned on first sight, or chosen by the user; remembered across sessions */

export interface PanelDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** label colours the user chose, remembered across sessions */
  globalState: vscode.Memento;
  onDidChangeColors: vscode.Event<Record<string, string>>;
  fireColors(colors: Record<string, string>): void;
  /** folders the extension writes itself (the walkthrough's sample in its global storage): trusted like its own files */
  ownRoots: string[];
}

/**
 * The webview loads the extension's own files, the workspace folders and `extra` (the roots a
 * source vouches for: image roots, files picked in a dialog); nothing else on the disk.
 */
export function webviewOptions(extensionUri: vscode.Uri, extra: vscode.Uri[] = []): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist'),
      vscode.Uri.joinPath(extensionUri, 'media'),
      ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri),
      ...extra,
    ],
  };
}

export class PreviewPanel implements vscode.Disposable {
  private ready = false;
  private current: number;
  /** bumps on every image switch, so a slow lookup for an old image does not overwrite a new one */
  private generation = 0;
  private wasBroken = false;
  private disposed = false;
  private imageVersion = 0;
  private lastEntries = '';
  private rootsKey = '';
  /** the annotations last sent (with their rev): an edit sends the shapes that changed since */
  private sent?: Annotations;
  private rev = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.closed.event;
  /** predictions against ground truth, once the user picks the file to compare with */
  readonly evaluation: PanelEvaluation;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly source: PreviewSource,
    private readonly deps: PanelDeps,
    restored: Partial<PersistedState> = {},
  ) {
    this.current = restored.imageIndex ?? 0;
    this.evaluation = new PanelEvaluation({ post: (m) => this.post(m), current: () => this.current, show: (i) => this.showImage(i), source, log: deps.log });
    panel.title = source.title;
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'preview-icon.svg');
    this.updateRoots();
    panel.webview.html = previewHtml(panel.webview, deps.extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m).catch((e) => deps.log.error('Preview message failed', e))),
      panel.onDidDispose(() => this.dispose()),
      source.onDidChange(() => void this.sourceChanged()),
      deps.onDidChangeColors((colors) => this.post({ type: 'colors', colors })),
    );
    if (source.onDidMoveCursor) this.disposables.push(source.onDidMoveCursor((at) => void this.follow(at.image, at.annotation)));
  }

  private post(message: HostToWebview): void {
    // Messages before `ready` would be lost; `ready` sends the whole state anyway.
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private colors(): Record<string, string> {
    return this.deps.globalState.get<Record<string, string>>(MementoKeys.labelColors) ?? {};
  }

  /** Show an image (switching if needed) and highlight an annotation, as the cursor asks. */
  async follow(image: number, annotation?: number): Promise<void> {
    if (image !== this.current) await this.showImage(image);
    this.post({ type: 'highlight', image, annotation });
  }

  private async receive(raw: unknown): Promise<void> {
    const checked = checkWebviewMessage(raw, {
      images: this.source.entries().length,
      // Shapes carry their annotation's index, which passes their count when an annotation has no shape.
      shapes: (image) => this.source.annotations(image)?.shapes.reduce((n, s) => Math.max(n, s.index + 1), 0),
    });
    if (!checked.ok) {
      this.deps.log.warn(`Preview: ignored a message from the webview (${checked.problem}).`);
      return;
    }
    const message: WebviewToHost = checked.message;
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        const entries = this.source.entries();
        this.lastEntries = JSON.stringify(entries);
        if (this.current >= entries.length) this.current = 0;
        this.post({ type: 'init', title: this.source.title, images: entries, colors: this.colors(), uri: this.source.uri?.toString(), fromDisk: this.source.fromDisk });
        // Also after the panel was hidden and shown again: the page is new and needs the image.
        await this.showImage(this.current, true);
        const broken = this.source.broken();
        if (broken) this.post({ type: 'broken', ...broken });
        const at = this.source.cursor?.();
        if (at && at.image === this.current) this.post({ type: 'highlight', image: at.image, annotation: at.annotation });
        this.evaluation.ready();
        break;
      }
      case 'selectImage':
        await this.showImage(message.index);
        break;
      case 'selectAnnotation':
        await this.source.reveal?.(message.image, message.annotation);
        break;
      case 'editBox': {
        const refused = this.source.editBox ? await this.source.editBox(message) : vscode.l10n.t('This preview cannot change the file: it is read-only here or does not parse.');
        if (refused) {
          this.deps.log.info(`Preview: a box edit was not applied (${refused})`);
          this.post({ type: 'editRefused', message: refused });
          this.sendAnnotations(true);
        }
        break;
      }
      case 'editShape': {
        const refused = this.source.editShape ? await this.source.editShape(message) : vscode.l10n.t('This preview cannot change the file: it is read-only here or does not parse.');
        if (refused) {
          this.deps.log.info(`Preview: a shape edit (${message.edit.op}) was not applied (${refused})`);
          this.post({ type: 'editRefused', message: refused });
          this.sendAnnotations(true);
        }
        break;
      }
      case 'chooseImage':
        if (await this.source.chooseImage?.(message.index)) await this.showImage(message.index, true);
        break;
      case 'setColor': {
        const colors = withColor(this.colors(), message.label, message.color);
        await this.deps.globalState.update(MementoKeys.labelColors, colors);
        this.deps.fireColors(colors);
        break;
      }
      default:
        await this.evaluation.receive(message);
    }
  }

  private async showImage(index: number, force = false): Promise<void> {
    if (index === this.current && !force && this.generation > 0) {
      this.sendAnnotations();
      return;
    }
    const generation = ++this.generation;
    this.current = index;
    const { source, path: file } = await this.source.image(index);
    if (generation !== this.generation) return;
    if (file && !source.problem && !this.allow(file)) {
      const name = vscode.workspace.asRelativePath(file, false);
      source.problem = {
        kind: 'outside',
        message: vscode.l10n.t('"{0}" is outside the workspace and the folders of the setting datumStudio.annotations.imageRoots, so the preview does not load it. Add its folder to that setting, or choose the image file.', name),
        canChoose: !!this.source.chooseImage,
      };
    } else if (file && !source.problem) {
      // The version makes a changed file a new URL, so the webview does not draw its cached copy.
      source.src = this.panel.webview.asWebviewUri(vscode.Uri.file(file)).with({ query: `v=${this.imageVersion}` }).toString();
    }
    this.post({ type: 'image', image: source });
    this.sendAnnotations(true);
  }

  /** The annotations of the image shown: the shapes changed since the last sent, or all (`full`: the page has none). */
  private sendAnnotations(full = false): void {
    const annotations = this.source.annotations(this.current);
    if (!annotations) return;
    const assigned = assignColors(new Set(annotations.shapes.map((s) => s.label)), this.colors());
    if (assigned) {
      // Before the shapes, so they draw in their remembered colours at once.
      void this.deps.globalState.update(MementoKeys.labelColors, assigned);
      this.deps.fireColors(assigned);
    }
    const message = annotationsMessage(full || !this.ready ? undefined : this.sent, annotations, ++this.rev);
    this.sent = this.ready ? { ...annotations, rev: this.rev } : undefined;
    if (message.type === 'annotationsPatch') this.deps.log.trace(`Preview: ${message.patch.splice.insert.length} of ${message.patch.count} shapes sent (image ${message.patch.index})`);
    this.post(message);
    this.evaluation.sendBoxes(this.current);
  }

  /** The roots the webview may load from now: the workspace folders and what the source vouches for. */
  private roots(): string[] {
    return [...(vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath), ...this.deps.ownRoots, ...(this.source.resourceRoots?.() ?? [])];
  }

  private updateRoots(): void {
    const extra = [...this.deps.ownRoots, ...(this.source.resourceRoots?.() ?? [])];
    const key = JSON.stringify(extra);
    if (key === this.rootsKey && this.panel.webview.options.localResourceRoots) return;
    this.rootsKey = key;
    this.panel.webview.options = webviewOptions(this.deps.extensionUri, extra.map((p) => vscode.Uri.file(p)));
  }

  /** False when the file is outside every allowed root; otherwise makes sure the webview may load it. */
  private allow(file: string): boolean {
    if (!isAllowed(this.roots(), file)) return false;
    this.updateRoots();
    return true;
  }

  private async sourceChanged(): Promise<void> {
    this.evaluation.ownChanged();
    const broken = this.source.broken();
    if (broken) {
      this.wasBroken = true;
      this.post({ type: 'broken', ...broken });
      return;
    }
    if (this.wasBroken) {
      this.wasBroken = false;
      this.post({ type: 'fixed' });
    }
    const entries = this.source.entries();
    const key = JSON.stringify(entries);
    const imageChanged = this.lastEntries !== '' && JSON.parse(this.lastEntries)[this.current]?.image !== entries[this.current]?.image;
    if (key !== this.lastEntries) {
      this.lastEntries = key;
      this.post({ type: 'images', images: entries });
    }
    if (this.current >= entries.length) await this.showImage(0, true);
    else if (imageChanged) await this.showImage(this.current, true);
    else this.sendAnnotations();
  }

  /** An image file changed on disk: load the shown one again. */
  imagesChanged(): void {
    this.imageVersion++;
    void this.showImage(this.current, true);
  }

  /** The context menu's relabel, delete or duplicate of a shape: its page makes the edit (shapeMenu.ts). */
  shapeCommand(command: 'relabel' | 'delete' | 'duplicate', image: number, annotation: number, version?: number): boolean {
    if (!this.ready) return false;
    this.post({ type: 'shapeCommand', command, image, annotation, version });
    return true;
  }

  reveal(image?: number): void {
    this.panel.reveal(undefined, true);
    if (image !== undefined) void this.follow(image);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.evaluation.dispose();
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
    this.source.dispose();
    this.closed.fire();
    this.closed.dispose();
    this.panel.dispose();
  }
}
